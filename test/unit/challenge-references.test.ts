import { isReference, missingReferences } from '../../core/challenges/challenge-solutions';

describe('the references the gate judges N runs', () => {
  test('reference, reference-python and reference-javascript are references; a known-bad is not', () => {
    expect(['reference', 'reference-python', 'reference-javascript', 'missing-await'].map(isReference)).toEqual([true, true, true, false]);
  });

  test('a package listing JavaScript with a JavaScript reference still needs reference-python for Python', () => {
    const present = { reference: { expected: { language: 'typescript' as const } }, 'reference-javascript': { expected: { language: 'javascript' as const } } };
    expect(missingReferences({ languages: ['typescript', 'javascript', 'python'] }, present)).toEqual(['reference-python']);
  });
});
