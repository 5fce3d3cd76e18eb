import { useEffect, useState } from 'react';

/** The time now, refreshed every `intervalMs`, so relative times ("in 3 seconds") count on their own. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
