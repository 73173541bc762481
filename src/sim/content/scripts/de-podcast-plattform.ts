import { DE_TERMS } from './terms.js';
import type { Script } from './types.js';

export const dePodcastPlattform: Script = {
  id: 'de-podcast-plattform',
  language: 'de',
  title: 'Podcast: Eine Videoplattform wird barrierefrei',
  terms: DE_TERMS,
  turns: [
    {
      speaker: 'Jonas',
      text:
        'Hallo und herzlich willkommen zu einer neuen Folge. Ich bin Jonas, und heute ist Lena bei mir, ' +
        'die bei einem Streaming-Startup in Berlin die Technik leitet. Hallo Lena.',
    },
    { speaker: 'Lena', text: 'Hallo Jonas, danke für die Einladung.' },
    {
      speaker: 'Jonas',
      text: 'Ihr habt im letzten Jahr eure komplette Videoplattform umgebaut. Was war der Auslöser?',
    },
    {
      speaker: 'Lena',
      text:
        'Ehrlich gesagt, die Untertitel. Wir hatten eine Anfrage von einer öffentlichen Einrichtung, und die ' +
        'wollten, dass jedes Video barrierefrei ist. ' +
        'Unsere alte Lösung konnte das einfach nicht.',
    },
    { speaker: 'Jonas', text: 'Und wie sieht die neue Lösung aus?' },
    {
      speaker: 'Lena',
      text:
        'Die Videos liegen jetzt bei {Mux}, und wir lassen die Untertitel automatisch erzeugen. ' +
        'Die kommen als {WebVTT}-Datei zurück, und die Player holen sie sich direkt über den {HLS}-Stream. ' +
        'Das hat uns ungefähr drei Monate Arbeit gespart.',
    },
    { speaker: 'Jonas', text: 'Drei Monate? Wirklich?' },
    {
      speaker: 'Lena',
      text:
        'Mindestens. Vorher hatten wir einen eigenen Encoder-Cluster auf {Kubernetes}, und den hat eigentlich nur ' +
        'eine Person richtig verstanden. ' +
        'Als sie in Elternzeit gegangen ist, haben wir gemerkt, wie riskant das war.',
    },
    { speaker: 'Jonas', text: 'Das kenne ich. Und wie gut sind die automatischen Untertitel auf Deutsch?' },
    {
      speaker: 'Lena',
      text:
        'Überraschend gut, solange die Leute deutlich sprechen. Schwierig wird es bei Fachbegriffen und bei ' +
        'Dialekten. ' +
        'Wir haben einen Kollegen aus Bayern, bei dem die Erkennung regelmäßig aufgibt.',
    },
    { speaker: 'Jonas', text: 'Das kann ich gut verstehen.' },
    {
      speaker: 'Lena',
      text:
        'Für die wichtigen Videos lassen wir die Untertitel deshalb noch einmal von einer Redakteurin prüfen. ' +
        'Das dauert pro Video vielleicht zehn Minuten, und danach sind sie wirklich gut.',
    },
    { speaker: 'Jonas', text: 'Zum Schluss noch eine Frage: Was würdest du anderen Teams raten?' },
    {
      speaker: 'Lena',
      text:
        'Fangt klein an. Nehmt die zehn meistgesehenen Videos, schaut euch die Untertitel genau an und sammelt die ' +
        'Fehler. ' +
        'Daraus lernt man mehr als aus jeder Dokumentation.',
    },
    {
      speaker: 'Jonas',
      text: 'Ein schönes Schlusswort. Vielen Dank, Lena, und danke an alle fürs Zuhören. Bis zum nächsten Mal.',
    },
  ],
};
