// The languages the desk speaks, and how a page picks one.

const LANGUAGES = ["en", "zh"];

/** Return the code if the desk speaks it exactly ("en", "zh"), else null. */
export function supportedLanguage(code) {
  return LANGUAGES.includes(code) ? code : null;
}

/** Pick the language: an explicit supported choice, else Chinese for any zh browser, else English. */
export function pickLanguage(explicit, browserLanguage = "") {
  return supportedLanguage(explicit) ?? (/^zh/i.test(browserLanguage ?? "") ? "zh" : "en");
}

/** Look up the entry for a language in {en: …, zh: …}, falling back to English. */
export function localized(byLanguage, language) {
  return byLanguage[language] ?? byLanguage.en;
}
