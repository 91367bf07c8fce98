// A small hand-made catalog for search tests: topics, dates, categories, code, stars, upvotes, markup.
import type { PaperInput } from '../../src/model.ts';
import { paperInput } from './papers.ts';

export const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

export const CORPUS: PaperInput[] = [
  paperInput({ id: '2401.00001', title: 'Graph neural networks for molecule property prediction', abstract: 'We train graph neural networks on molecular graphs to predict chemical properties of molecules and drugs.', categories: ['cs.LG', 'q-bio.BM'], publishedAt: day('2024-01-02') }),
  paperInput({ id: '2401.00002', title: 'Message passing on molecular graphs', abstract: 'Message passing networks learn representations of atoms and bonds in molecules for chemistry.', categories: ['cs.LG'], publishedAt: day('2024-01-05'), codeUrls: ['https://github.com/a/mp'], daily: { featuredOn: '2024-01-06', submittedBy: null, upvotes: 40, numComments: 1, githubStars: 250, aiKeywords: [], aiSummary: null } }),
  paperInput({ id: '2402.00003', title: 'Diffusion models for image synthesis', abstract: 'Denoising diffusion models generate high quality images by reversing a noising process.', categories: ['cs.CV'], publishedAt: day('2024-02-01'), codeUrls: ['https://github.com/b/diff'], daily: { featuredOn: '2024-02-02', submittedBy: null, upvotes: 90, numComments: 3, githubStars: 5000, aiKeywords: [], aiSummary: null } }),
  paperInput({ id: '2402.00004', title: 'Latent diffusion for high resolution images', abstract: 'Running diffusion in a learned latent space makes image generation cheaper at high resolution.', categories: ['cs.CV', 'cs.LG'], publishedAt: day('2024-02-10') }),
  paperInput({ id: '2403.00005', title: 'Reward models for language model alignment', abstract: 'We learn reward models from human preferences and align large language models with reinforcement learning.', categories: ['cs.CL'], publishedAt: day('2024-03-01') }),
  paperInput({ id: '2403.00006', title: 'Retrieval augmented generation for question answering', abstract: 'A retriever finds passages and a language model generates answers grounded in retrieved text.', categories: ['cs.CL', 'cs.IR'], publishedAt: day('2024-03-15') }),
  paperInput({ id: '2404.00007', title: 'BM25 is a strong baseline for search', abstract: 'Sparse lexical retrieval with BM25 remains competitive with dense retrieval on many search benchmarks.', categories: ['cs.IR'], publishedAt: day('2024-04-01') }),
  paperInput({ id: '2404.00008', title: 'Robot grasping with tactile sensing', abstract: 'A robot hand uses tactile sensors to grasp fragile objects; the policy is learned with reinforcement learning.', categories: ['cs.RO'], publishedAt: day('2024-04-20') }),
  paperInput({ id: '2405.00009', title: 'Café <script>alert(1)</script> & naïve Bayes', abstract: 'Naïve Bayes classifiers with <b>markup</b> & "quotes" in the abstract, for text classification.', categories: ['cs.LG'], publishedAt: day('2024-05-01') }),
  paperInput({ id: '2405.00010', title: 'Dense passage retrieval', abstract: 'Dual encoders embed questions and passages for dense retrieval in open domain question answering.', categories: ['cs.CL', 'cs.IR'], publishedAt: day('2024-05-03') }),
];

