// Table tests for each pure parser, on inline samples and on real recorded files (test/fixtures,
// data/demo; the whole Daily Papers archive in ../shared/data when it is there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { demoData, fixtures, fixtureText, needsSharedData, readText, sharedData } from '../helpers/fixtures.ts';
import { parseHfDaily, dayFromName } from '../../src/ingest/parse-hf-daily.ts';
import { parseArxivAtom, parseWrappedApiResponse } from '../../src/ingest/parse-arxiv-atom.ts';
import { parseOaiPmh } from '../../src/ingest/parse-oai-pmh.ts';
import { parseJsonLine } from '../../src/ingest/parse-json-record.ts';
import { parseListing } from '../../src/ingest/parse-listing.ts';
import { detectFormat } from '../../src/ingest/detect-format.ts';
import type { PaperInput } from '../../src/model.ts';


const hfEntry = {
  paper: {
    id: '2505.24864',
    authors: [
      { _id: 'x', name: 'Mingjie Liu', hidden: false, user: { _id: 'u1', avatarUrl: 'https://cdn.example/m.png', fullname: 'Mingjie', user: 'mliu', type: 'user' } },
      { _id: 'y', name: "Bal\\'azs Z", hidden: false },
    ],
    publishedAt: '2025-05-30T17:59:01.000Z',
    title: 'ProRL: Prolonged Reinforcement\n  Learning',
    summary: 'We release code at https://github.com/NVlabs/ProRL.',
    upvotes: 35,
    githubRepo: 'https://github.com/NVlabs/ProRL/tree/main',
    githubStars: 120,
    projectPage: 'https://nvlabs.github.io/prorl/',
    ai_keywords: ['reinforcement learning', 'RL'],
    ai_summary: 'Longer RL helps.',
    submittedOnDailyAt: '2025-06-02T03:18:21.654Z',
    submittedOnDailyBy: { _id: 's1', avatarUrl: '/avatars/s.svg', fullname: 'Shizhe Diao', user: 'shizhediao', type: 'user' },
  },
  numComments: 4,
  submittedBy: { _id: 's1', avatarUrl: '/avatars/s.svg', fullname: 'Shizhe Diao', name: 'shizhediao', type: 'user', isPro: false },
  organization: { _id: 'o1', name: 'nvidia', fullname: 'NVIDIA', avatar: 'https://cdn.example/nv.png' },
  thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2505.24864.png',
};

test('HF daily: an entry becomes a paper with its Daily Papers facts', () => {
  const { papers, rejects } = parseHfDaily(JSON.stringify([hfEntry]), 'hf/2025-06-02.json');
  assert.deepEqual(rejects, []);
  const p = papers[0];
  assert.equal(p.id, '2505.24864');
  assert.equal(p.title, 'ProRL: Prolonged Reinforcement Learning');
  assert.deepEqual(p.authors, ['Mingjie Liu', 'Balázs Z']);
  assert.deepEqual(p.codeUrls, ['https://github.com/NVlabs/ProRL']);
  assert.deepEqual(p.projectUrls, ['https://nvlabs.github.io/prorl/']);
  assert.equal(p.publishedAt, Date.parse('2025-05-30T17:59:01.000Z'));
  assert.deepEqual(p.daily, {
    featuredOn: '2025-06-02',
    submittedBy: 'shizhediao',
    upvotes: 35,
    numComments: 4,
    githubStars: 120,
    aiKeywords: ['reinforcement learning', 'RL'],
    aiSummary: 'Longer RL helps.',
    hf: {
      submittedAt: '2025-06-02T03:18:21.654Z',
      submitter: { id: 's1', name: 'shizhediao', fullname: 'Shizhe Diao', avatarUrl: '/avatars/s.svg', type: 'user' },
      organization: { id: 'o1', name: 'nvidia', fullname: 'NVIDIA', avatar: 'https://cdn.example/nv.png' },
      authorAccounts: { 'Mingjie Liu': { id: 'u1', name: 'mliu', fullname: 'Mingjie', avatarUrl: 'https://cdn.example/m.png', type: 'user' } },
    },
    thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2505.24864.png',
    organization: { name: 'nvidia', fullname: 'NVIDIA', avatar: 'https://cdn.example/nv.png' },
  });
  assert.equal(p.source, 'hf-daily');
});

test('HF daily: bad entries are rejected by entry; a file of Python-repr strings is one reject', () => {
  const mixed = parseHfDaily(JSON.stringify([hfEntry, { paper: { id: 'nope', title: 't' } }, "{'paper': {'id': '1'}}"]), 'd.json');
  assert.equal(mixed.papers.length, 1);
  assert.deepEqual(mixed.rejects.map((r) => r.where), ['d.json#entry 2', 'd.json#entry 3']);
  assert.match(mixed.rejects[1].reason, /Python repr/);
  const broken = parseHfDaily(JSON.stringify(["{'paper': {}}", "{'paper': {}}"]), 'b.json');
  assert.equal(broken.rejects.length, 1);
  assert.match(broken.rejects[0].reason, /all 2 entries .*Python repr/);
  assert.match(parseHfDaily('{"status": "success"}', 's.json').rejects[0].reason, /not a Daily Papers response/);
  assert.match(parseHfDaily('[{', 'x.json').rejects[0].reason, /not valid JSON/);
  assert.equal(dayFromName('/a/b/2024-05-27.json'), '2024-05-27');
  assert.equal(dayFromName('today.json'), null);
});

/** Parses every day file in `dir` (plain or gzipped); fails on any reject; returns the distinct ids. */
function parseAllDays(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const f of readdirSync(dir)) {
    const { papers, rejects } = parseHfDaily(readText(dir + f), f);
    assert.deepEqual(rejects, [], f);
    for (const p of papers) ids.add(p.id);
  }
  return ids;
}

test('HF daily: every demo day file parses; the malformed ones are all rejected', () => {
  assert.equal(parseAllDays(`${demoData}hf-daily-papers/`).size, 1108);
  const bad = `${fixtures}hf-daily-papers-malformed/`;
  const files = readdirSync(bad);
  assert.equal(files.length, 4);
  for (const f of files) {
    const { papers, rejects } = parseHfDaily(readText(bad + f), f);
    assert.equal(papers.length, 0, f);
    assert.equal(rejects.length, 1, f);
    assert.match(rejects[0].reason, /Python repr/, f);
  }
});

test('HF daily: every day of the whole archive parses', { skip: needsSharedData }, () => {
  assert.equal(parseAllDays(`${sharedData}hf-daily-papers/`).size, 5841);
});

const atom = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/1111.2011v2</id>
    <updated>2012-04-02T12:38:54Z</updated>
    <published>2011-11-08T18:48:36Z</published>
    <title>Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large
  Connectivity Limit</title>
    <summary>  Theoretical description. Code: https://github.com/a/b.
</summary>
    <author><name>James M. Murray</name></author>
    <author><name>Adrian Del Maestro</name></author>
    <arxiv:doi>10.1103/PhysRevB.85.115117</arxiv:doi>
    <arxiv:comment>8 pages, 3 figures</arxiv:comment>
    <arxiv:journal_ref>Phys. Rev. B 85, 115117 (2012)</arxiv:journal_ref>
    <arxiv:primary_category term="cond-mat.str-el"/>
    <category term="cond-mat.stat-mech"/>
    <category term="cond-mat.str-el"/>
  </entry>
</feed>`;

test('arXiv Atom: an entry with versions, categories, DOI and links', () => {
  const { papers, rejects, totalResults } = parseArxivAtom(atom, 'a.xml');
  assert.deepEqual(rejects, []);
  assert.equal(totalResults, 1);
  const p = papers[0];
  assert.equal(p.id, '1111.2011');
  assert.equal(p.version, 2);
  assert.equal(p.title, 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
  assert.deepEqual(p.authors, ['James M. Murray', 'Adrian Del Maestro']);
  assert.deepEqual(p.categories, ['cond-mat.str-el', 'cond-mat.stat-mech']);
  assert.equal(p.primaryCategory, 'cond-mat.str-el');
  assert.equal(p.doi, '10.1103/PhysRevB.85.115117');
  assert.equal(p.journalRef, 'Phys. Rev. B 85, 115117 (2012)');
  assert.deepEqual(p.versions, [
    { version: 1, date: Date.parse('2011-11-08T18:48:36Z') },
    { version: 2, date: Date.parse('2012-04-02T12:38:54Z') },
  ]);
  assert.deepEqual(p.codeUrls, ['https://github.com/a/b']);
});

test('arXiv Atom: a DOCTYPE (entity-expansion bomb) is refused, not expanded', () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id><title>&lol3;</title></entry></feed>`;
  const { papers, rejects } = parseArxivAtom(bomb, 'bomb.xml');
  assert.equal(papers.length, 0);
  assert.match(rejects[0].reason, /DOCTYPE/);
});

test('arXiv API: real 2026 wrapped and 2016 raw responses, the HTTP 400 error feed, empty results', () => {
  const dir2026 = `${fixtures}arxiv-api/2026/`;
  const read = (f: string) => JSON.parse(readFileSync(dir2026 + f, 'utf8'));
  const old = parseWrappedApiResponse(read('id_astro-ph_0601001_s0_m100_3150dca9dc76.json'), 'x');
  assert.equal(old.papers[0].id, 'astro-ph/0601001');
  assert.equal(old.papers[0].version, 1);
  const err = parseWrappedApiResponse(read('id_abc_s0_m100_b79c8dcf6bc3.json'), 'abc.json');
  assert.deepEqual(err.papers, []);
  assert.equal(err.rejects.length, 1);
  assert.match(err.rejects[0].reason, /HTTP 400.*incorrect id format for abc/);
  const empty = parseWrappedApiResponse(read('id_0000.0000_s0_m100_8b51d9633a68.json'), 'x');
  assert.deepEqual(empty, { papers: [], rejects: [] });
  let entries = 0;
  for (const f of readdirSync(dir2026)) {
    const r = parseWrappedApiResponse(read(f), f);
    entries += r.papers.length + r.rejects.length;
    if (!f.startsWith('id_abc')) assert.deepEqual(r.rejects, [], f);
  }
  // 17 entries (seven id look-ups, a page of ten), one of them the HTTP 400 error entry.
  assert.equal(entries, 17);
  const xml2016 = fixtureText('arxiv-api/2016/id_list=1111.2011v2.xml');
  const p = parseArxivAtom(xml2016, '2016.xml').papers[0];
  assert.equal(p.id, '1111.2011');
  assert.equal(p.doi, '10.1103/PhysRevB.85.115117');
  assert.ok(!p.abstract.includes('\n'));
});

test('OAI-PMH: ListRecords arXiv format, arXivRaw, errors and resumption tokens', () => {
  const dir = `${fixtures}arxiv-oai-pmh/`;
  const list = parseOaiPmh(readFileSync(dir + 'oaipmh-listrecords---should-list-identifiers-from-arxiv.aae5d60.1.status200.xml', 'utf8'), 'l.xml');
  assert.equal(list.papers.length, 2);
  const p = list.papers[0];
  assert.equal(p.id, '1412.8544');
  assert.deepEqual(p.authors, ['Sander Uijlen', 'Bas Westerbaan']);
  assert.equal(p.doi, '10.4204/EPTCS.172.11');
  assert.equal(p.journalRef, 'EPTCS 172, 2014, pp. 154-164');
  assert.equal(p.publishedAt, Date.parse('2014-12-29T00:00:00Z'));
  assert.equal(p.license, 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/');
  const ids = parseOaiPmh(readFileSync(dir + 'oaipmh-listidentifiers---should-list-identifiers-from-arxiv.4f68a1c.0.status200.xml', 'utf8'), 'i.xml');
  assert.equal(ids.state.resumptionToken, '1083072|10001');
  assert.equal(ids.state.completeListSize, 5);
  const error = parseOaiPmh(readFileSync(dir + 'oaipmh-errors-should-reject-malformed-xml-arxiv.2ccc08a.0.status200.xml', 'utf8'), 'e.xml');
  assert.equal(error.state.error?.code, 'idDoesNotExist');
  assert.match(error.rejects[0].reason, /idDoesNotExist/);
  const raw = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>oai:arXiv.org:0704.0001</identifier></header>
    <metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>0704.0001</id><submitter>Pavel Nadolsky</submitter>
    <version version="v1"><date>Mon, 2 Apr 2007 19:18:42 GMT</date></version><version version="v2"><date>Tue, 24 Jul 2007 20:10:27 GMT</date></version>
    <title>Calculation of prompt diphoton production</title><authors>C. Bal\\'azs, E. L. Berger</authors><categories>hep-ph cs.AI</categories>
    <abstract>An abstract.</abstract></arXivRaw></metadata></record>
    <record><header status="deleted"><identifier>oai:arXiv.org:0704.0002</identifier></header></record>
    <resumptionToken cursor="0"></resumptionToken></ListRecords></OAI-PMH>`;
  const r = parseOaiPmh(raw, 'raw.xml');
  assert.equal(r.papers[0].version, 2);
  assert.deepEqual(r.papers[0].authors, ['C. Balázs', 'E. L. Berger']);
  assert.deepEqual(r.papers[0].categories, ['hep-ph', 'cs.AI']);
  assert.equal(r.papers[0].publishedAt, Date.parse('Mon, 2 Apr 2007 19:18:42 GMT'));
  assert.match(r.rejects[0].reason, /deleted/);
  assert.equal(r.state.resumptionToken, null);
});

test('Kaggle and generic JSON lines', () => {
  const line = fixtureText('kaggle-snapshot/arxiv-metadata-sample.jsonl.gz').split('\n')[0];
  const k = parseJsonLine(line, 'k:1', 'kaggle') as PaperInput;
  assert.equal(k.id, '0704.0001');
  assert.equal(k.authors[0], 'C. Balázs');
  assert.equal(k.title, 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
  assert.equal(k.version, 2);
  assert.equal(k.doi, '10.1103/PhysRevD.76.013009');
  assert.equal(k.journalRef, 'Phys.Rev.D76:013009,2007');
  assert.equal(k.publishedAt, Date.parse('Mon, 2 Apr 2007 19:18:42 GMT'));
  const g = parseJsonLine(
    JSON.stringify({ _listing_date: '2025-03-18', id: '2503.11742', authors: ["Moreno D'Incà"], title: 'Safe VLMs', categories: ['cs.CV', 'cs.AI'], comment: 'Code: https://github.com/x/y', summary: 'Vision-language\nmodels.' }),
    'g:1',
    'jsonl',
  ) as PaperInput;
  assert.equal(g.abstract, 'Vision-language models.');
  assert.equal(g.primaryCategory, 'cs.CV');
  assert.equal(g.publishedAt, Date.parse('2025-03-18T00:00:00Z'));
  assert.deepEqual(g.codeUrls, ['https://github.com/x/y']);
  const beir = parseJsonLine('{"_id": "4983", "title": "Microstructural development", "text": "Alterations of the architecture."}', 'c:1', 'jsonl') as PaperInput;
  assert.equal(beir.id, '4983');
  assert.equal(beir.abstract, 'Alterations of the architecture.');
  const cases: [string, RegExp][] = [
    ['{"title": "x"}', /no "id"/],
    ['{"id": "2503.1", "title": ""}', /no title/],
    ['[1,2]', /array/],
    ['{oops', /not valid JSON/],
  ];
  for (const [input, reason] of cases) assert.match((parseJsonLine(input, 'w:1', 'jsonl') as { reason: string }).reason, reason, input);
});

test('plain-text listing: title, blank line, abstract; page furniture skipped', () => {
  const text = fixtureText('seeds/000_5205736959d6a486.txt.gz');
  const { papers } = parseListing(text, 'seed.txt');
  assert.ok(papers.length > 50, `${papers.length}`);
  assert.equal(papers[0].title, 'Optimistic Online Mirror Descent for Bridging Stochastic and Adversarial Online Convex Optimization');
  assert.ok(!papers.some((p) => /Subscribe|inbox/.test(p.title)));
  const inline = parseListing(`A Title Here\n\n${'word '.repeat(40)}arXiv:2401.00001v2\n`, 'l.txt');
  assert.equal(inline.papers[0].id, '2401.00001');
});

test('format detection from content', () => {
  const cases: [string, string][] = [
    ['[\n  {\n "paper": {}}]', 'json'],
    ['{"url": "u", "status_code": 200, "body": "<feed/>"}', 'json'],
    ['{"id": "0704.0001", "submitter": "P", "authors_parsed": []}\n{"id": "2"}', 'kaggle'],
    ['{"id": "2503.1", "title": "t"}\n', 'jsonl'],
    ['<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', 'arxiv-api'],
    ['<?xml version="1.0"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">', 'oai-pmh'],
    ['Title\n\nAbstract text', 'listing'],
    ['{\n  "url": "u"\n}', 'json'],
    ['{"id": "1", "title": broken\n{"id": "2", "title": "t"}\n', 'jsonl'],
  ];
  for (const [sample, want] of cases) assert.deepEqual(detectFormat(sample), { format: want }, sample);
  assert.ok('unknown' in detectFormat(''));
  assert.ok('unknown' in detectFormat('<html><body>Retry after 20 seconds</body></html>'));
});
