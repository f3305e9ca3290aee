import type { App } from '@slack/bolt';
import type { Place } from '../core/invocation';
import type { ChannelPoster } from '../core/ports';
import { cardReply, type Reply } from '../core/reply';
import type { HandedFile, ReportPublisher } from '../reports/report-desk';
import type { ReportFiles } from '../reports/report-files';
import type { MadeReport } from '../reports/report-maker';

const day = (d: Date) => d.toISOString().slice(0, 10);
const headingOf = (report: MadeReport) =>
  `${report.title}: ${report.customer.name}, ${report.period.label}`;

/**
 * Slack gets the PDF itself, uploaded into the conversation. Teams bots can't upload files into
 * channels, so Teams gets a summary card whose "Download PDF" opens a signed link that expires.
 */
export class ChatReportPublisher implements ReportPublisher {
  constructor(
    private readonly deps: {
      slack?: App;
      poster: ChannelPoster;
      files: ReportFiles;
      clock?: () => Date;
    },
  ) {}

  async publish(place: Place, report: MadeReport, note?: string): Promise<void> {
    if (place.channel === 'slack') return this.upload(place, report, note);
    await this.deps.poster.post(place, await this.readyCard(report, note));
  }

  async handOver(place: Place, report: MadeReport): Promise<Reply> {
    if (place.channel !== 'slack') return this.readyCard(report);
    await this.upload(place, report);
    return readyReply(report, {
      note: '',
      url: '',
      where: 'The PDF is posted in this conversation.',
    });
  }

  async handOverFile(place: Place, file: HandedFile): Promise<Reply> {
    const now = this.deps.clock?.() ?? new Date();
    if (place.channel === 'slack') {
      if (!this.deps.slack) throw new Error('Slack is not configured');
      await this.deps.slack.client.filesUploadV2({
        channel_id: place.conversationId,
        file: file.bytes,
        filename: file.fileName,
        title: file.title,
        initial_comment: `${file.title}: ${file.summary}`,
      });
      return fileReply(file, '', 'The file is posted in this conversation.');
    }
    const link = await this.deps.files.keep(
      { customer: file.customer, fileName: file.fileName, title: file.title, pdf: file.bytes },
      now,
    );
    return fileReply(
      file,
      link.url,
      `The link works until ${day(link.expires)} and every download is recorded.`,
    );
  }

  private async upload(place: Place, report: MadeReport, note?: string): Promise<void> {
    if (!this.deps.slack) throw new Error('Slack is not configured');
    const heading = headingOf(report);
    await this.deps.slack.client.filesUploadV2({
      channel_id: place.conversationId,
      file: report.pdf,
      filename: report.fileName,
      title: heading,
      initial_comment: `${heading}${note ? ` (${note})` : ''}\n${figuresOf(report)}`,
    });
  }

  /** Teams: the PDF kept behind a signed link that expires, on a card that says it is ready. */
  private async readyCard(report: MadeReport, note?: string): Promise<Reply> {
    const now = this.deps.clock?.() ?? new Date();
    const link = await this.deps.files.keep(
      {
        customer: report.customer.id,
        fileName: report.fileName,
        title: headingOf(report),
        pdf: report.pdf,
      },
      now,
    );
    return readyReply(report, {
      note: note ?? '',
      url: link.url,
      where: `The link works until ${day(link.expires)} and every download is recorded.`,
    });
  }
}

const figuresOf = (report: MadeReport) =>
  report.highlights.map((h) => `${h.title}: ${h.value}`).join(' · ');

function readyReply(
  report: MadeReport,
  parts: { note: string; url: string; where: string },
): Reply {
  const heading = headingOf(report);
  return cardReply(
    'report-ready',
    { title: heading, facts: report.highlights, download: 'Download PDF', ...parts },
    `${heading}: ${figuresOf(report)}`,
    { private: false },
  );
}

function fileReply(file: HandedFile, url: string, where: string): Reply {
  return cardReply(
    'report-ready',
    {
      title: file.title,
      facts: [{ title: 'Contents', value: file.summary }],
      note: '',
      url,
      where,
      download: `Download ${file.fileName.split('.').pop()?.toUpperCase() ?? 'file'}`,
    },
    `${file.title}: ${file.summary}`,
    { private: true },
  );
}
