import { EN_TERMS } from './terms.js';
import type { Script } from './types.js';

export const enTeamStandup: Script = {
  id: 'en-team-standup',
  language: 'en',
  title: 'Video team stand-up',
  terms: EN_TERMS,
  turns: [
    {
      speaker: 'Dana',
      text:
        "Okay, let's get started. It's Tuesday, we've got fifteen minutes, and I want to leave time to talk about " +
        'the caption backlog. ' +
        '{Tomás}, do you want to go first?',
    },
    {
      speaker: 'Tomás',
      text:
        'Sure. Yesterday I finished the retry logic for the webhook handler. If {Mux} sends us the same event twice, ' +
        "we now ignore the second one instead of creating a duplicate track. Today I'm pairing with {Aoife} on the " +
        "{WebVTT} parser, and I'm not blocked.",
    },
    { speaker: 'Dana', text: 'Nice. Did you test it against the staging account?' },
    { speaker: 'Tomás', text: 'Yeah, I replayed about two hundred events from last week. No duplicates.' },
    { speaker: 'Dana', text: 'Great. {Aoife}?' },
    {
      speaker: 'Aoife',
      text:
        "So yesterday was mostly the {HLS} manifest bug. Some players weren't picking up the subtitle group, " +
        'and it turned out we were writing the language attribute in uppercase. One character. Took me four hours.',
    },
    { speaker: 'Dana', text: "It's always one character." },
    {
      speaker: 'Aoife',
      text:
        "It's always one character. Anyway, that's fixed and deployed. Today I'm on the parser with {Tomás}. " +
        'The tricky part is files that people export from desktop editors. Some of them have styling blocks, some ' +
        'have cue settings, ' +
        'and one customer sent us a file with a byte order mark and Windows line endings.',
    },
    { speaker: 'Tomás', text: 'Which broke everything, obviously.' },
    {
      speaker: 'Aoife',
      text: "Which broke everything. So we're writing tests for all of those before we touch the code.",
    },
    {
      speaker: 'Dana',
      text:
        'Good. On my side, I talked to support about the caption backlog. We have about three hundred videos from ' +
        'before we turned on automatic captions. ' +
        'The plan is to generate captions for all of them over the weekend, then have the content team review the ' +
        'top fifty by views. The rest can wait.',
    },
    {
      speaker: 'Aoife',
      text:
        'Are we using phrases for the product names? Last time the captions spelled our own product wrong in every ' +
        'video.',
    },
    {
      speaker: 'Dana',
      text:
        "Yes. I've got a list of about thirty terms, including {Kubernetes}, which apparently nobody can spell, not " +
        'even the computer.',
    },
    { speaker: 'Tomás', text: "To be fair, I can't say it either." },
    { speaker: 'Dana', text: "Noted. Okay, anything else? No? Then that's it. Thanks, everyone." },
  ],
};
