import fs from 'node:fs';
import { csvLine } from '../modules/interchange/index.ts';

/** A CSV file written with back-pressure, so a 15-million-row file streams in constant memory. */
export class CsvWriter {
  private readonly out: fs.WriteStream;
  private buffer: string[] = [];
  rows = 0;
  constructor(file: string, header: string[]) {
    this.out = fs.createWriteStream(file);
    this.buffer.push(csvLine(header));
  }
  async row(values: unknown[]): Promise<void> {
    this.buffer.push(csvLine(values));
    this.rows++;
    if (this.buffer.length >= 2000) await this.flush();
  }
  private async flush(): Promise<void> {
    const chunk = this.buffer.join('');
    this.buffer = [];
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}
