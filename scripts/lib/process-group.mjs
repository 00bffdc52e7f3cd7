// Next.js runs its server as a child of its CLI: signalling only the CLI can leave the
// server behind. Our scripts start Next in its own process group and signal the group.

export function killProcessGroup(child, signal) {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") child.kill(signal);
  }
}
