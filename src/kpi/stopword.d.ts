// Type of the English list that the stopword package (MIT) keeps in its src/ folder as an ES
// module; the package declares no types of its own.
declare module "stopword/src/stopwords_eng.js" {
  export const eng: readonly string[];
}
