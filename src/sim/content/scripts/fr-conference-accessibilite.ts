import { FR_TERMS } from './terms.js';
import type { Script } from './types.js';

export const frConferenceAccessibilite: Script = {
  id: 'fr-conference-accessibilite',
  language: 'fr',
  title: 'Conférence : mille vidéos sous-titrées en un an',
  terms: FR_TERMS,
  turns: [
    {
      speaker: 'Camille',
      text:
        "Bonjour à toutes et à tous, et merci d'être venus si nombreux. Je m'appelle Camille, et je travaille sur " +
        "l'accessibilité numérique dans une grande médiathèque publique. " +
        "Aujourd'hui, je voudrais vous parler des sous-titres, et surtout de ce que nous avons appris en " +
        'sous-titrant plus de mille vidéos en un an. ' +
        'Au départ, nous pensions que les sous-titres servaient surtout aux personnes sourdes ou malentendantes. ' +
        "C'est vrai, et c'est essentiel. " +
        'Mais très vite, nous avons remarqué que tout le monde les utilisait. Les étudiants qui révisent dans le ' +
        'bus, ' +
        'les parents qui regardent une conférence pendant que les enfants dorment, les personnes qui apprennent le ' +
        'français.',
    },
    {
      speaker: 'Camille',
      text:
        'Techniquement, nos vidéos sont hébergées chez {Mux}, qui génère une première version des sous-titres ' +
        'automatiquement. ' +
        'Le fichier arrive au format {WebVTT}, à côté du flux vidéo, et nos bibliothécaires le relisent avant ' +
        'publication. ' +
        'Cette relecture est indispensable. La reconnaissance vocale se trompe sur les noms propres, sur les titres ' +
        'd’ouvrages, ' +
        'et parfois sur des mots tout à fait ordinaires quand la salle est bruyante. ' +
        "Nous avons donc mis en place une règle simple : aucune vidéo n'est publiée sans qu'un humain ait vérifié au " +
        'moins les cinq premières minutes et la liste des noms propres.',
    },
    {
      speaker: 'Camille',
      text:
        'Deuxième leçon : les transcriptions ont une valeur en elles-mêmes. Une fois le texte disponible, nous ' +
        'l’avons intégré au moteur de recherche du catalogue. ' +
        "Aujourd'hui, un lecteur peut chercher une citation et tomber directement sur le passage exact d'une " +
        'conférence enregistrée il y a trois ans.',
    },
    {
      speaker: 'Camille',
      text:
        "Enfin, troisième leçon, et c'est peut-être la plus importante : il faut impliquer les usagers. " +
        'Nous avons ouvert un formulaire pour signaler les erreurs de sous-titres, et nous recevons chaque semaine ' +
        'des corrections très précises. ' +
        'Les gens aiment aider, à condition qu’on leur en donne les moyens. ' +
        'Je vous remercie pour votre attention, et je serai ravie de répondre à vos questions.',
    },
  ],
};
