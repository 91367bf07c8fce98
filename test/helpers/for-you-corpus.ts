// A catalog with clear topics for For-you tests: enough papers per topic for the built-in LSA to
// learn, recent dates, and one near-duplicate pair (what "not interested … and similar ones" must hide).
import type { PaperInput } from '../../src/model.ts';
import { paperInput } from './papers.ts';

const DAY = 86_400_000;

const TOPICS = {
  diffusion: {
    category: 'cs.CL',
    words: ['diffusion', 'language', 'model', 'denoising', 'masked', 'tokens', 'discrete', 'text', 'generation', 'sampling', 'autoregressive', 'decoding'],
    titles: ['Masked diffusion language models', 'Discrete denoising for text generation', 'Diffusion decoding of tokens', 'Sampling text from discrete diffusion'],
  },
  robots: {
    category: 'cs.RO',
    words: ['robot', 'grasping', 'tactile', 'manipulation', 'gripper', 'policy', 'objects', 'sensors', 'dexterous', 'hand', 'contact', 'control'],
    titles: ['Tactile grasping with a dexterous hand', 'Robot manipulation of fragile objects', 'Contact-rich control for grippers', 'Learning grasping policies from touch'],
  },
  proteins: {
    category: 'q-bio.BM',
    words: ['protein', 'folding', 'structure', 'residues', 'amino', 'acids', 'binding', 'molecular', 'docking', 'sequence', 'enzymes', 'ligand'],
    titles: ['Protein structure from amino acid sequence', 'Ligand binding and docking', 'Folding of enzymes', 'Residue contacts in protein folding'],
  },
  retrieval: {
    category: 'cs.IR',
    words: ['retrieval', 'search', 'ranking', 'queries', 'documents', 'index', 'lexical', 'dense', 'passages', 'relevance', 'engine', 'bm25'],
    titles: ['Dense passage retrieval for search', 'Lexical ranking of documents', 'Query relevance in search engines', 'BM25 and dense retrieval compared'],
  },
  quantum: {
    category: 'quant-ph',
    words: ['quantum', 'qubits', 'circuits', 'entanglement', 'error', 'correction', 'gates', 'noise', 'superconducting', 'fidelity', 'measurement', 'decoherence'],
    titles: ['Error correction for superconducting qubits', 'Entanglement in noisy circuits', 'High fidelity quantum gates', 'Measurement and decoherence of qubits'],
  },
} as const;

export type Topic = keyof typeof TOPICS;

/** Words every topic uses, so papers of one topic are related without being the same. */
const GENERIC = ['results', 'method', 'benchmark', 'experiments', 'approach', 'efficient', 'scalable', 'analysis', 'novel', 'framework', 'evaluation', 'training', 'datasets', 'baseline', 'performance', 'robust'];

/** A deterministic pick of `n` words from a pool, starting at `seed`. */
function sentence(words: readonly string[], seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[(seed * 7 + i * 5) % words.length]!);
  return out.join(' ');
}

export interface ForYouCorpus {
  papers: PaperInput[];
  byTopic: Record<Topic, string[]>;
  /** Two diffusion papers that say almost the same thing. */
  twins: [string, string];
}

/** 12 papers per topic, published over the last 12 days; ids 2612.TTNNN. */
export function forYouCorpus(now = Date.now()): ForYouCorpus {
  const papers: PaperInput[] = [];
  const byTopic = {} as Record<Topic, string[]>;
  Object.entries(TOPICS).forEach(([name, t], ti) => {
    byTopic[name as Topic] = [];
    for (let i = 0; i < 12; i++) {
      const id = `2612.${String(ti + 1).padStart(2, '0')}${String(i).padStart(3, '0')}`;
      byTopic[name as Topic].push(id);
      papers.push(
        paperInput({
          id,
          title: `${t.titles[i % t.titles.length]} ${['I', 'II', 'III'][Math.floor(i / 4)]}`,
          // A third of the topic's words per paper (by i), plus generic ones: related, not identical.
          abstract: `${sentence(t.words.slice((i % 3) * 4, (i % 3) * 4 + 4), i, 3)} ${sentence(t.words, i, 2)}. We ${sentence(GENERIC, i * 3 + ti, 6)} ${sentence(t.words.slice((i % 3) * 4, (i % 3) * 4 + 4), i + 1, 2)}.`,
          authors: [`${name[0]!.toUpperCase()}. Author${i % 3}`, i % 4 === 0 ? 'Grace Hopper' : `Coauthor ${ti}${i}`],
          categories: [t.category],
          primaryCategory: t.category,
          publishedAt: now - (i % 12) * DAY - ti * 3_600_000,
        }),
      );
    }
  });
  // The twins: one diffusion paper and a near copy of it.
  const twinA = byTopic.diffusion[10]!;
  const twinB = '2612.01099';
  const a = papers.find((p) => p.id === twinA)!;
  papers.push({ ...a, id: twinB, title: `${a.title} (extended)`, publishedAt: (a.publishedAt ?? now) - 1000 });
  byTopic.diffusion.push(twinB);
  return { papers, byTopic, twins: [twinA, twinB] };
}
