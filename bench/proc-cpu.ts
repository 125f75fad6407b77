/**
 * CPU time and memory from /proc, for the real-n8n part (bench/real-n8n/): one process (n8n's main), a whole
 * process group (n8n and its task runner), and the machine (the "others" noise figure). In µs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

let clockTicks: number | undefined;
function ticksPerSecond(): number {
	if (clockTicks === undefined) {
		try {
			clockTicks =
				Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim()) ||
				100;
		} catch {
			clockTicks = 100;
		}
	}
	return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name: [0] = state (field 3), [2] = pgrp, [11] = utime, [12] = stime. */
function statFields(pid: number): string[] | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return text
			.slice(text.lastIndexOf(')') + 2)
			.trim()
			.split(/\s+/);
	} catch {
		return undefined;
	}
}

/** user + system CPU time of one process (every thread, living or exited), in µs; undefined if it is gone. */
export function processCpuUs(pid: number): number | undefined {
	const fields = statFields(pid);
	if (!fields) return undefined;
	return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond();
}

/** CPU time of every living process in a process group, in µs (the group's leader included). */
export function groupCpuUs(pgid: number): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const fields = statFields(Number(entry));
		if (fields && Number(fields[2]) === pgid)
			total += ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond();
	}
	return total;
}

/** Busy and total CPU time of the whole machine so far, in seconds (/proc/stat). */
export function machineCpuSeconds(): { busy: number; total: number } | undefined {
	try {
		const fields = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
		const busy = user + nice + system + irq + softirq + steal;
		const hz = ticksPerSecond();
		return { busy: busy / hz, total: (busy + idle + iowait) / hz };
	} catch {
		return undefined;
	}
}

/** VmRSS and VmHWM (the peak since start or since resetPeakRss) of a process, in MB. */
export function processRssMb(pid: number): { rss: number; peak: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (name: string) =>
			Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
		return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
	} catch {
		return undefined;
	}
}

/** Resets a process's VmHWM to its current RSS (/proc/<pid>/clear_refs: 5); false if not allowed. */
export function resetPeakRss(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}
