import { EN_TERMS } from './terms.js';
import type { Script } from './types.js';

export const enCookingShow: Script = {
  id: 'en-cooking-show',
  language: 'en',
  title: 'Twenty-minute spicy noodles',
  terms: EN_TERMS,
  turns: [
    {
      speaker: 'Linh',
      text:
        "Hey, welcome back to the kitchen. I'm Linh {Nguyen}, and today we're making the spicy noodles you've all " +
        'been asking about since the last video. ' +
        'This one takes about twenty minutes, and most of that is waiting for water to boil. ' +
        'First, the sauce. In a small bowl, add two tablespoons of {gochujang}, one tablespoon of soy sauce, a ' +
        'teaspoon of sugar, and a splash of {Worcestershire} sauce. ' +
        "I know, {Worcestershire} isn't traditional at all, but trust me, it adds this deep savoury note that makes " +
        'the whole thing taste like it cooked for hours. ' +
        'Give that a good stir and set it aside.',
    },
    {
      speaker: 'Linh',
      text:
        "Now the aromatics. Three cloves of garlic, finely chopped, and a thumb of ginger. If you don't like " +
        'chopping ginger, freeze it and grate it straight from the freezer. ' +
        'Game changer. Heat a little oil in your pan on medium, and add the garlic and ginger. You want them to ' +
        'sizzle gently, not burn. ' +
        "The second they smell amazing, and you'll know, pour in the sauce. Let it bubble for a minute until it gets " +
        'glossy.',
    },
    {
      speaker: 'Linh',
      text:
        "Meanwhile, your noodles should be nearly done. I'm using fresh udon today, but dried wheat noodles work " +
        'too. ' +
        "Cook them a minute less than the packet says, because they'll finish in the sauce. " +
        'Drain them, keep a mug of the cooking water, and throw the noodles into the pan. ' +
        'Toss everything together and add a splash of that starchy water if it looks dry. It should coat every noodle.',
    },
    {
      speaker: 'Linh',
      text:
        "Okay, to finish, spring onions, toasted sesame seeds, and if you're brave, a spoonful of chilli crisp. Oh, " +
        'that smells so good. ' +
        'Taste it and adjust. More heat, more sugar, more soy, whatever you like. ' +
        "Let me know in the comments how spicy you went, and I'll see you next week, when we're making {bánh mì} " +
        'from scratch.',
    },
  ],
};
