import { EN_TERMS } from './terms.js';
import type { Script } from './types.js';

export const enPlatformPodcast: Script = {
  id: 'en-platform-podcast',
  language: 'en',
  title: 'Ship It Friday: a year of platform migration',
  terms: EN_TERMS,
  turns: [
    {
      speaker: 'Siobhan',
      text:
        "Welcome back to Ship It Friday. I'm {Siobhan}, and today I'm joined by Marcus, who runs platform " +
        'engineering at a streaming company. ' +
        'Marcus, thanks for coming on.',
    },
    { speaker: 'Marcus', text: 'Thanks for having me, {Siobhan}. Long-time listener, first-time guest.' },
    {
      speaker: 'Siobhan',
      text: 'So you spent most of last year moving everything onto {Kubernetes}. How did that go?',
    },
    {
      speaker: 'Marcus',
      text:
        'Honestly? The first three months were a damn nightmare. We had about forty services, most of them written ' +
        'by people who had left, ' +
        'and half of them assumed they were the only thing running on the box.',
    },
    { speaker: 'Siobhan', text: 'Classic.' },
    {
      speaker: 'Marcus',
      text:
        "Right. So the migration itself wasn't the hard part. The hard part was finding out what every service " +
        'actually did. ' +
        'We ended up putting a {GraphQL} gateway in front of the whole thing, partly so we could see every call in ' +
        'one place.',
    },
    { speaker: 'Siobhan', text: 'And the database? I remember you posting about {PostgreSQL} at two in the morning.' },
    {
      speaker: 'Marcus',
      text:
        'Oh, that was a bad night. We had a connection pool that worked fine in staging and fell over the moment ' +
        'real traffic hit it. ' +
        'Every pod opened its own pool, and {Kubernetes} was very happy to give us two hundred pods. {PostgreSQL} ' +
        'was less happy.',
    },
    { speaker: 'Siobhan', text: 'What fixed it?' },
    {
      speaker: 'Marcus',
      text:
        'A connection pooler in front of the database, and a hard limit on replicas. Boring stuff. Most of the fixes ' +
        'were boring stuff, ' +
        "which I think is the lesson. Nobody gets excited about connection limits, but that's the crap that takes " +
        'you down on a Saturday.',
    },
    { speaker: 'Siobhan', text: "Is there anything you'd do differently?" },
    {
      speaker: 'Marcus',
      text:
        "I'd migrate the video pipeline last instead of first. We moved our transcoding jobs early because they " +
        'looked simple, ' +
        'and then we realised we were basically rebuilding what {Mux} already does for us. ' +
        'We ripped it out a month later and just send the uploads straight to {Mux} now.',
    },
    { speaker: 'Siobhan', text: "So the lesson is, don't build the thing you can buy." },
    {
      speaker: 'Marcus',
      text:
        'The lesson is, know which parts of your stack are actually your product. Ours is the catalogue and the ' +
        'recommendations. ' +
        'Encoding video is not our product.',
    },
    { speaker: 'Siobhan', text: 'That feels like a good place to stop. Marcus, where can people find you?' },
    {
      speaker: 'Marcus',
      text: "I'm mostly on the company blog these days. We write up every outage, including the embarrassing ones.",
    },
    {
      speaker: 'Siobhan',
      text: 'Especially the embarrassing ones. Thanks, Marcus. And thanks to everyone listening. See you next Friday.',
    },
  ],
};
