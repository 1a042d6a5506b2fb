// ai-judge pages: live progress over server-sent events, sortable tables, file upload into the form, the authoring
// pages' live gate and rejudge (polling their JSON). No framework.
'use strict';

function followProgress(box) {
  if (!window.EventSource) return;
  const text = box.querySelector('#progress-text');
  const source = new EventSource(box.dataset.events);
  source.addEventListener('queued', (e) => {
    const data = JSON.parse(e.data);
    if (String(data.position) === box.dataset.position) return; // the page already says so, with the estimated wait
    box.dataset.position = String(data.position);
    text.textContent = data.position === undefined ? 'Queued.' : `Queued: position ${data.position + 1}.`;
  });
  source.addEventListener('running', () => {
    box.dataset.status = 'running';
    text.textContent = 'Running: your tests are being judged.';
  });
  source.addEventListener('finished', () => {
    source.close();
    box.dataset.status = 'finished';
    text.textContent = 'Finished: loading the result…';
    window.location.reload();
  });
  source.addEventListener('error', (e) => {
    if (e.data) {
      source.close();
      text.textContent = 'The live progress stopped; reload the page to see where the submission stands.';
    }
  });
}

function sortTable(table, th) {
  const index = Array.prototype.indexOf.call(th.parentNode.children, th);
  const ascending = th.getAttribute('aria-sort') !== 'ascending';
  const numeric = th.dataset.sortType === 'num';
  const body = table.tBodies[0];
  const key = (row) => {
    const cell = row.children[index];
    const value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
    return numeric ? Number(value) : value.toLowerCase();
  };
  const rows = Array.from(body.rows).sort((a, b) => {
    const x = key(a), y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
  });
  rows.forEach((row) => body.appendChild(row));
  table.querySelectorAll('th[aria-sort]').forEach((other) => other.setAttribute('aria-sort', 'none'));
  th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
}

// The comparison's filters: the GET form works without script; with it, rows are filtered as the user types or picks.
function enableLiveFilter(form, table) {
  const count = document.getElementById('comparison-count');
  const total = table.tBodies[0].rows.length;
  const apply = () => {
    const q = form.elements.q.value.trim().toLowerCase();
    const status = form.elements.status.value;
    const verdict = form.elements.verdict.value;
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach((row) => {
      const match = (!q || row.dataset.search.includes(q)) && (!status || row.dataset.status === status)
        && (!verdict || row.dataset.verdicts.split(' ').includes(verdict));
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (count) count.textContent = `${shown} of ${total} candidate${total === 1 ? '' : 's'}`;
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
}

function enableUpload(form) {
  const box = form.querySelector('#upload-box');
  const input = form.querySelector('#upload');
  const language = form.querySelector('#language');
  const entries = JSON.parse(form.dataset.entries || '{}');
  box.hidden = false;
  language.addEventListener('change', () => {
    const first = form.querySelector('#path0');
    if (Object.values(entries).includes(first.value)) first.value = entries[language.value] || first.value;
  });
  input.addEventListener('change', async () => {
    for (const file of Array.from(input.files)) {
      const text = await file.text();
      const paths = Array.from(form.querySelectorAll('input[id^="path"]'));
      let row = paths.find((p) => p.value === file.name || p.value.endsWith(`/${file.name}`));
      if (!row) {
        row = paths.find((p) => p.value === '');
        if (!row) continue;
        row.value = `src/${file.name}`;
      }
      form.querySelector(`#content${row.id.slice(4)}`).value = text;
    }
  });
}

// Copy buttons (invite links, new tokens): shown only when the script runs; without it the field is there to select.
function enableCopy(button) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentNode.querySelector('.copy-status');
  button.hidden = false;
  button.addEventListener('click', async () => {
    field.select();
    try {
      await window.navigator.clipboard.writeText(field.value);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = document.execCommand('copy') ? 'Copied.' : 'Select the field and copy it.';
    }
  });
}

// Authoring pages: while a gate or a rejudge runs, poll its JSON (the page cookie authenticates GETs) and say how far it
// got; once it is done, take the section from a fresh copy of this page (no reload, so focus and scroll stay).
function followLive(section, url, describe) {
  const text = section.querySelector('[data-live-text]');
  const progress = section.querySelector('progress');
  const replaceSection = async () => {
    const response = await fetch(window.location.href, { credentials: 'same-origin' });
    const fresh = new window.DOMParser().parseFromString(await response.text(), 'text/html').getElementById(section.id);
    if (!fresh) return;
    const focused = section.contains(document.activeElement) ? document.activeElement.id : '';
    section.replaceWith(document.importNode(fresh, true));
    const again = focused && document.getElementById(focused);
    if (again && !again.disabled) again.focus();
  };
  const tick = async () => {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const state = describe(await response.json());
      if (text) text.textContent = state.text;
      if (progress && state.total !== undefined) { progress.max = state.total; progress.value = state.finished; }
      if (state.done) return await replaceSection();
    } catch {
      if (text) text.textContent = 'The live progress stopped; reload the page to see where it stands.';
      return undefined;
    }
    window.setTimeout(tick, 1000);
    return undefined;
  };
  window.setTimeout(tick, 1000);
}

function describeGate(gate) {
  const p = gate.progress || { finished: 0, total: 0 };
  if (gate.status !== 'running') return { done: true, text: `The publish gate ${gate.status}.` };
  return { done: false, finished: p.finished, total: p.total, text: `The publish gate is running: ${p.finished} of ${p.total} runs judged.` };
}

function describeRejudge(rejudge) {
  const s = rejudge.summary;
  if (rejudge.ready || rejudge.status !== 'preview') return { done: true, text: `All ${s.total} re-runs finished.` };
  return { done: false, text: `Re-running: ${s.finished} of ${s.total} finished.` };
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('button.copy[data-copy]').forEach(enableCopy);
  const gate = document.getElementById('gate');
  if (gate && gate.dataset.gate) followLive(gate, gate.dataset.gate, describeGate);
  const rejudge = document.getElementById('rejudge');
  if (rejudge && rejudge.dataset.rejudge) followLive(rejudge, rejudge.dataset.rejudge, describeRejudge);
  const box = document.getElementById('progress');
  if (box && box.dataset.events) followProgress(box);
  document.querySelectorAll('table.sortable').forEach((table) => {
    table.querySelectorAll('th[aria-sort] button.sort').forEach((button) => {
      button.addEventListener('click', () => sortTable(table, button.parentNode));
    });
  });
  const form = document.getElementById('submit-form');
  if (form) enableUpload(form);
  const filters = document.querySelector('form[data-filters="comparison"]');
  const comparison = document.getElementById('comparison');
  if (filters && comparison) enableLiveFilter(filters, comparison);
});
