import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

const fontsDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let ready = false;

/**
 * pdfmake on the server: the Roboto fonts it ships, no URL fetching at all (a logo comes in as a
 * data URL), and local reads only from the fonts folder, so report data can't make it read files.
 */
function setUp(): void {
  if (ready) return;
  pdfmake.setFonts({
    Roboto: {
      normal: join(fontsDir, 'Roboto-Regular.ttf'),
      bold: join(fontsDir, 'Roboto-Medium.ttf'),
      italics: join(fontsDir, 'Roboto-Italic.ttf'),
      bolditalics: join(fontsDir, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontsDir));
  ready = true;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  setUp();
  return pdfmake.createPdf(doc).getBuffer();
}
