/** How the pages name each language (the API and the forms' values stay `typescript`, `javascript`, `python`). */
const LABELS: Record<string, string> = { typescript: 'TypeScript', javascript: 'JavaScript', python: 'Python' };

/** "TypeScript", "JavaScript", "Python"; an unknown value as it is. */
export function languageLabel(language: string): string {
  return LABELS[language] ?? language;
}

/** Several languages in words: "TypeScript, JavaScript, Python". */
export function languageList(languages: readonly string[]): string {
  return languages.map(languageLabel).join(', ');
}
