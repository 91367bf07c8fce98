// The vector slab's dot products: the WebAssembly SIMD loop against plain arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOTS_BLOCK, VectorSlab } from '../../src/search/vector-slab.ts';
import { seededRandom } from '../../src/search/linalg.ts';

function fill(slab: VectorSlab, count: number, rand: () => number): Float32Array[] {
  const vecs = Array.from({ length: count }, () => Float32Array.from({ length: slab.dim }, () => rand() - 0.5));
  slab.reserve(count * slab.dim);
  slab.length = count * slab.dim;
  vecs.forEach((v, i) => slab.data.set(v, i * slab.dim));
  return vecs;
}

const exact = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

for (const dim of [8, 128, 384, 12]) {
  test(`dimension ${dim}: every score equals the dot product, through growth and from any offset`, () => {
    const rand = seededRandom(dim);
    // Start small, so filling it grows the WebAssembly memory (and replaces its buffer) on the way.
    const slab = new VectorSlab(dim, dim);
    const vecs = fill(slab, 3000, rand);
    const query = Float32Array.from({ length: dim }, () => rand() - 0.5);
    slab.setQuery(query);
    assert.equal(slab.simd, dim % 8 === 0, 'SIMD for multiples of 8 dimensions, JavaScript otherwise');
    for (const [from, count] of [[0, 1], [0, DOTS_BLOCK], [1234, 77], [2999, 1]]) {
      const scores = slab.dots(from, count);
      assert.equal(scores.length, count);
      for (let i = 0; i < count; i++) {
        const want = exact(query, vecs[from + i]);
        assert.ok(Math.abs(scores[i] - want) < 1e-4, `vector ${from + i}: ${scores[i]} vs ${want}`);
      }
    }
  });
}

test('the JavaScript fallback gives the same scores as SIMD', () => {
  const rand = seededRandom(5);
  const simd = new VectorSlab(64);
  const plain = new VectorSlab(64, 64, false);
  const vecs = fill(simd, 500, rand);
  plain.reserve(500 * 64);
  vecs.forEach((v, i) => plain.data.set(v, i * 64));
  const q = Float32Array.from({ length: 64 }, () => rand() - 0.5);
  simd.setQuery(q);
  plain.setQuery(q);
  assert.ok(simd.simd && !plain.simd);
  const a = simd.dots(0, 500);
  const b = plain.dots(0, 500);
  for (let i = 0; i < 500; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5);
});
