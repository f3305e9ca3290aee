import type { Log } from '../core/ports';

/**
 * The MSP's logo for the PDFs: a data: URL as is, an http(s) URL fetched once (pdfmake fetches
 * nothing itself). A logo that can't be loaded leaves the reports without one, with a warning.
 */
export function reportLogo(url: string | undefined, log: Log): () => Promise<string | undefined> {
  let loaded: Promise<string | undefined> | undefined;
  return () =>
    (loaded ??= (async () => {
      if (!url) return undefined;
      if (url.startsWith('data:image/')) return url;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !/^image\/(png|jpeg)/.test(type)) throw new Error(`${res.status} ${type}`);
        return `data:${type.split(';')[0]};base64,${Buffer.from(await res.arrayBuffer()).toString('base64')}`;
      } catch (err) {
        log.warn({ err, url }, 'msp.logoUrl could not be loaded; reports go without a logo');
        return undefined;
      }
    })());
}
