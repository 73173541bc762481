import { EN_TERMS } from './terms.js';
import type { Script } from './types.js';

export const enCaptionsTalk: Script = {
  id: 'en-captions-talk',
  language: 'en',
  title: 'From zero to captioned: a conference talk',
  terms: EN_TERMS,
  turns: [
    {
      speaker: 'Priya',
      text:
        "Hi everyone, thanks for sticking around for the last talk of the day. I'm Priya, and I build the video " +
        'platform at a small education startup. ' +
        'Today I want to talk about captions, and specifically how we went from zero captions to every single lesson ' +
        'being captioned in about three weeks. ' +
        'A year ago our setup was pretty simple. Teachers uploaded a lesson, we pushed it to {Mux}, and {Mux} gave ' +
        'us back an {HLS} stream that played everywhere. ' +
        'Captions were on the roadmap, but they kept slipping, because every quote we got for manual captioning was ' +
        'way beyond our budget.',
    },
    {
      speaker: 'Priya',
      text:
        'Then we noticed that {Mux} could generate captions automatically. You add a generated subtitles entry when ' +
        'you create the asset, ' +
        'and a little while later a text track shows up, as a {WebVTT} file, right next to the video. ' +
        'It uses {Whisper} under the hood, and for clear classroom audio it was surprisingly good. ' +
        'Now, surprisingly good is not the same as perfect. Our chemistry teacher says the word titration about ' +
        'forty times a lesson, ' +
        "and the early captions were, let's say, creative. Product names were worse. Our own company name came out " +
        'three different ways in one video.',
    },
    {
      speaker: 'Priya',
      text:
        "So we're gonna look at two things today. First, how we fixed those mistakes without re-uploading anything. " +
        'And second, how we turned the transcripts into something students actually use. ' +
        'For the fixes, the workflow is simple. You download the {WebVTT} file, you correct it, and you add it back ' +
        'as a new track. ' +
        'We wrote a tiny script with {ffmpeg} to spot-check the timing against the audio, and a reviewer goes ' +
        'through the worst lessons by hand.',
    },
    {
      speaker: 'Priya',
      text:
        'The transcripts were the real surprise. Once every lesson had text, students started searching it. ' +
        "They'd type a phrase from a lecture and jump straight to the moment it was said. Engagement in revision " +
        'week went up by almost a third. ' +
        "So if you take one thing away from this talk, it's this: captions aren't just an accessibility checkbox. " +
        "They're data, and your users will find uses for them you never planned. Thanks, and I think we have a few " +
        'minutes for questions.',
    },
  ],
};
