import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` while `running`: ETAs and estimated progress tick with it. */
export function useNow(running: boolean, intervalMs = 500): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [running, intervalMs]);
  return now;
}
