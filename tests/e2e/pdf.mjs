// A minimal, valid one-page text PDF written by hand (PDF 1.4: catalog, pages, one page, the
// standard Helvetica font, one uncompressed content stream, and a cross-reference table whose byte
// offsets are computed here). Enough for a resume parser to read the text layer; Latin-1 only.

// Escapes a line for a PDF literal string: backslash and parentheses.
function pdfString(line) {
  return `(${line.replace(/[\\()]/g, (c) => `\\${c}`)})`
}

// `lines`: the page's text, top to bottom. Headings (a line in capitals) are set in bold.
export function textPdf(lines, { title = 'Resume' } = {}) {
  const ops = ['BT', '/F1 11 Tf', '14 TL', '56 790 Td']
  for (const line of lines) {
    const heading = line.length > 0 && line === line.toUpperCase() && /[A-Z]/.test(line)
    ops.push(heading ? '/F2 12 Tf' : '/F1 11 Tf')
    ops.push(`${pdfString(line)} '`)
  }
  ops.push('ET')
  const content = ops.join('\n') + '\n'

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    `<< /Title ${pdfString(title)} /Producer (HireFlow E2E) >>`,
  ]

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}
