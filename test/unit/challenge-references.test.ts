import type { Manifest } from '../../core/challenges/challenge-package';
import { isReference, missingReferences, parseSolutions } from '../../core/challenges/challenge-solutions';
import { missingReferenceRows } from '../../core/gate/gate-row';
import type { Language } from '../../sandbox/harness/protocol';

describe('the references the gate judges N runs', () => {
  test('reference, reference-python and reference-javascript are references; a known-bad is not', () => {
    expect(['reference', 'reference-python', 'reference-javascript', 'missing-await'].map(isReference)).toEqual([true, true, true, false]);
  });

  test('a package listing JavaScript with a JavaScript reference still needs reference-python for Python', () => {
    const present = { reference: { expected: { language: 'typescript' as const } }, 'reference-javascript': { expected: { language: 'javascript' as const } } };
    expect(missingReferences({ languages: ['typescript', 'javascript', 'python'] }, present)).toEqual(['reference-python']);
  });

  test('a package listing JavaScript needs reference-javascript unless the reference is JavaScript', () => {
    const ts = { reference: { expected: { language: 'typescript' as const } } };
    expect(missingReferences({ languages: ['typescript', 'javascript'] }, ts)).toEqual(['reference-javascript']);
    expect(missingReferences({ languages: ['typescript', 'javascript', 'python'] }, ts)).toEqual(['reference-python', 'reference-javascript']);
    expect(missingReferences({ languages: ['typescript'] }, ts)).toEqual([]);
    expect(missingReferences({ languages: ['javascript'] }, { reference: { expected: { language: 'javascript' as const } } })).toEqual([]);
    expect(missingReferences({ languages: ['python', 'javascript'] }, { reference: { expected: { language: 'python' as const } } })).toEqual(['reference-javascript']);
    expect(missingReferences({ languages: ['javascript'] }, {})).toEqual(['reference', 'reference-javascript']);
  });
});

describe('parseSolutions with requireReference', () => {
  const manifest = (languages: Language[]) => ({ languages, entry: Object.fromEntries(languages.map((l) => [l, l === 'python' ? 'src/solution.py' : `src/solution.${l === 'typescript' ? 'ts' : 'js'}`])) }) as unknown as Manifest;
  const solution = (name: string, language: Language, file = language === 'python' ? 'src/solution.py' : `src/solution.${language === 'typescript' ? 'ts' : 'js'}`) => ({
    [`solutions/${name}/expected.json`]: JSON.stringify({ language, verdict: 'accepted' }),
    [`solutions/${name}/${file}`]: 'x',
  });

  test('a missing reference-javascript is an issue naming CommonJS and its expected.json, when languages lists javascript', () => {
    const { issues } = parseSolutions(solution('reference', 'typescript'), manifest(['typescript', 'javascript']), { requireReference: true });
    expect(issues).toEqual([{ path: 'solutions/reference-javascript', problem: 'missing', expected: expect.stringMatching(/CommonJS[\s\S]*\{"language": "javascript", "verdict": "accepted"\}[\s\S]*languages lists javascript/) }]);
  });

  test('no issue with reference-javascript, with a JavaScript reference, or for the local gate (it makes a row instead)', () => {
    const both = { ...solution('reference', 'typescript'), ...solution('reference-javascript', 'javascript') };
    expect(parseSolutions(both, manifest(['typescript', 'javascript']), { requireReference: true }).issues).toEqual([]);
    expect(parseSolutions(solution('reference', 'javascript'), manifest(['javascript']), { requireReference: true }).issues).toEqual([]);
    expect(parseSolutions(solution('reference', 'typescript'), manifest(['typescript', 'javascript']), { requireReference: false }).issues).toEqual([]);
    expect(missingReferenceRows(manifest(['typescript', 'javascript']), parseSolutions(solution('reference', 'typescript'), manifest(['typescript', 'javascript']), { requireReference: false }).solutions))
      .toEqual([expect.objectContaining({ solution: 'reference-javascript', ok: false, problem: 'solutions/reference-javascript is missing' })]);
  });

  test('reference-javascript must be JavaScript', () => {
    const files = { ...solution('reference', 'typescript'), ...solution('reference-javascript', 'typescript') };
    expect(parseSolutions(files, manifest(['typescript', 'javascript']), { requireReference: true }).issues)
      .toEqual([{ path: 'solutions/reference-javascript/expected.json: language', problem: 'is typescript', expected: '"javascript" for the JavaScript reference' }]);
  });
});
