// Types of the word lists that the wink-sentiment package (MIT) keeps in its src/ folder; the
// package declares no types of its own.
declare module "wink-sentiment/src/afinn-en-165.js" {
  const afinn: Readonly<Record<string, number>>;
  export default afinn;
}
declare module "wink-sentiment/src/afinn-en-165-2grams.js" {
  const bigrams: Readonly<Record<string, Readonly<Record<string, number>>>>;
  export default bigrams;
}
declare module "wink-sentiment/src/emojis.js" {
  const emojis: Readonly<Record<string, number>>;
  export default emojis;
}
declare module "wink-sentiment/src/emoticons.js" {
  const emoticons: Readonly<Record<string, number>>;
  export default emoticons;
}
declare module "wink-sentiment/src/negations.js" {
  const negations: Readonly<Record<string, boolean>>;
  export default negations;
}
