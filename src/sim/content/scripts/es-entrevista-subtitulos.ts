import { ES_TERMS } from './terms.js';
import type { Script } from './types.js';

export const esEntrevistaSubtitulos: Script = {
  id: 'es-entrevista-subtitulos',
  language: 'es',
  title: 'Entrevista: subtítulos para una plataforma de cursos',
  terms: ES_TERMS,
  turns: [
    {
      speaker: 'Lucía',
      text:
        'Hola a todos y bienvenidos a un nuevo episodio. Hoy está conmigo Javier, que dirige el equipo de producto ' +
        'en una plataforma de cursos en línea. ' +
        'Javier, gracias por venir.',
    },
    { speaker: 'Javier', text: 'Gracias a ti, Lucía. Es un placer estar aquí.' },
    { speaker: 'Lucía', text: 'Cuéntanos un poco. ¿Por qué decidisteis añadir subtítulos a todos los cursos?' },
    {
      speaker: 'Javier',
      text:
        'Pues al principio fue por accesibilidad. Teníamos alumnos sordos que nos escribían cada semana pidiendo ' +
        'subtítulos, y con razón. ' +
        'Pero luego descubrimos que mucha gente ve los vídeos sin sonido, en el metro o en la oficina, ' +
        'y los subtítulos se convirtieron en algo que usaba casi todo el mundo.',
    },
    { speaker: 'Lucía', text: '¿Y cómo lo hicisteis? Porque subtitular cientos de horas a mano es carísimo.' },
    {
      speaker: 'Javier',
      text:
        'Exacto. Nosotros ya alojábamos los vídeos en {Mux}, así que probamos los subtítulos generados ' +
        'automáticamente. ' +
        'Para el español funcionan muy bien, sobre todo cuando el profesor habla con un buen micrófono. ' +
        'Los problemas llegaron con los nombres propios y con la jerga técnica.',
    },
    { speaker: 'Lucía', text: 'Dame un ejemplo.' },
    {
      speaker: 'Javier',
      text:
        'Tenemos un curso entero sobre {Kubernetes}, y en los primeros subtítulos la palabra salía de cinco maneras ' +
        'distintas. ' +
        'Los alumnos se reían, pero también se perdían. Ahora le pasamos una lista de términos antes de generar los ' +
        'subtítulos y el resultado es mucho mejor.',
    },
    { speaker: 'Lucía', text: '¿Y traducís los subtítulos a otros idiomas?' },
    {
      speaker: 'Javier',
      text:
        'Sí, desde hace unos meses. Traducimos del español al inglés y al portugués. ' +
        'Lo importante es marcar qué palabras no se deben traducir, como el nombre de la empresa o los comandos, ' +
        'porque si no, la traducción queda rarísima.',
    },
    {
      speaker: 'Lucía',
      text: 'Me imagino. Bueno, Javier, para terminar, ¿qué le dirías a alguien que está empezando?',
    },
    {
      speaker: 'Javier',
      text:
        'Que empiece ya, aunque no sea perfecto. Unos subtítulos con algún error son mucho mejores que no tener ' +
        'subtítulos. ' +
        'Y que revise primero los vídeos más vistos, porque ahí es donde más se nota.',
    },
    {
      speaker: 'Lucía',
      text: 'Muy buen consejo. Muchas gracias, Javier, y gracias a todos por escucharnos. Hasta la próxima.',
    },
  ],
};
