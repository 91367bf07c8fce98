// A real one-page PDF (well under a kilobyte) written out by hand, so tests of the PDF figure path
// need no fixture file: a coloured band across the top, a title and an abstract line in Helvetica.

/** A US Letter page drawn by `content` (PDF content-stream operators), with font /F1 = Helvetica. */
export function pdfOfPage(content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * The first page of a paper: a blue band at the top (so a test can tell the render, and its top,
 * from a cover), a title, and thirty lines of body text, so the page is taller than 16:9.
 */
export function paperPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  return pdfOfPage(
    [
      '0.08 0.4 0.75 rg 72 690 468 36 re f',
      `0 g BT /F1 22 Tf 72 650 Td (${text}) Tj ET`,
      `BT /F1 11 Tf 14 TL 72 620 Td ${Array.from({ length: 30 }, (_, i) => `(Line ${i + 1}: we show that a one-page PDF is enough to test a renderer.) Tj T*`).join(' ')} ET`,
    ].join('\n'),
  );
}
