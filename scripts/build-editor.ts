/**
 * Builds the candidate editor's bundle (`.build/editor/editor.js`) alone, as the set-up does: for images that run the
 * API without the set-up (the Dockerfile's build step). Cached by a content hash of its inputs.
 */
import { ensureEditorBundle } from '../api/pages/editor/editor-bundle';

ensureEditorBundle().then((bundle) => {
  process.stdout.write(`editor bundle ${bundle.file}: ${Math.round(bundle.bytes / 1024)} KiB${bundle.built ? '' : ' (cached)'}\n`);
}, (error: unknown) => {
  process.stderr.write(`could not build the editor bundle: ${String(error)}\n`);
  process.exit(1);
});
