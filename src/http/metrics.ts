import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../core/ports';

/** Prometheus metrics for /metrics: HTTP traffic per route, and commands per channel. */
export class Metrics implements Telemetry {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'msp_commands_total',
    help: 'Commands and card actions handled, by channel, command and outcome',
    labelNames: ['channel', 'command', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly commandSeconds = new Histogram({
    name: 'msp_command_duration_seconds',
    help: 'Time to handle a command or card action, by channel and command',
    labelNames: ['channel', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: 'msp_http_requests_total',
    help: 'HTTP requests, by channel (teams, slack, other) and status',
    labelNames: ['channel', 'status'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'msp_http_request_duration_seconds',
    help: 'Time from request to response (for Slack: to the ack), by channel',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [this.registry],
  });

  private readonly refusedAtCapacity = new Counter({
    name: 'msp_refused_at_capacity_total',
    help: 'Commands and messages answered "at capacity, nothing done", by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'msp_' });
  }

  observe(s: { channel: string; command: string; outcome: string; seconds: number }): void {
    this.commands.inc({ channel: s.channel, command: s.command, outcome: s.outcome });
    this.commandSeconds.observe({ channel: s.channel, command: s.command }, s.seconds);
  }

  /** The work after acks: how much runs and waits now, and what was turned away. */
  watchWork(work: { activeCount: number; waitingCount: number }): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge(
      'msp_work_active',
      'Commands and clicks being worked after their ack',
      () => work.activeCount,
    );
    gauge('msp_work_waiting', 'Commands and clicks waiting their turn', () => work.waitingCount);
  }

  refused(channel: 'slack' | 'teams'): void {
    this.refusedAtCapacity.inc({ channel });
  }

  observeRequest(channel: string, status: number, seconds: number): void {
    this.requests.inc({ channel, status: String(status) });
    this.requestSeconds.observe({ channel }, seconds);
  }
}
