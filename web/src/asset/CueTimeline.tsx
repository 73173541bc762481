import { useEffect, useRef } from 'react';
import { formatTime } from '../time';

export interface Cue {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

/** The cue playing at `seconds`, or the next one to start after it. */
export function cueAt(cues: readonly Cue[], seconds: number): number | undefined {
  const playing = cues.findIndex((cue) => cue.start <= seconds && seconds < cue.end);
  if (playing >= 0) return playing;
  const next = cues.findIndex((cue) => cue.start >= seconds);
  return next >= 0 ? next : undefined;
}

interface Props {
  cues: readonly Cue[];
  duration: number;
  current: number | undefined;
  onChoose: (index: number) => void;
  label: string;
}

/**
 * Every cue on a bar the length of the asset (for the eye and the pointer) and as a list of buttons (for the
 * keyboard and screen readers); the chosen cue is marked in both and scrolled into view.
 */
export function CueTimeline({ cues, duration, current, onChoose, label }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (current === undefined) return;
    list.current?.children[current]?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [current]);
  const length = Math.max(duration, cues.at(-1)?.end ?? 0) || 1;
  return (
    <div className="cue-timeline">
      <div className="timeline-bar" aria-hidden="true">
        {cues.map((cue, index) => (
          // biome-ignore lint/a11y/noStaticElementInteractions: hidden from assistive technology on purpose
          // biome-ignore lint/a11y/useKeyWithClickEvents: the cue list below is the keyboard's way in
          <span
            key={`${cue.start}-${cue.end}`}
            className={index === current ? 'segment segment-current' : 'segment'}
            style={{ left: `${(cue.start / length) * 100}%`, width: `${((cue.end - cue.start) / length) * 100}%` }}
            title={`${formatTime(cue.start)} ${cue.text}`}
            onClick={() => onChoose(index)}
          />
        ))}
      </div>
      <h3 className="visually-hidden">{label}</h3>
      <ol className="cues" ref={list} aria-label={label}>
        {cues.map((cue, index) => (
          <li key={`${cue.start}-${cue.end}`}>
            <button
              type="button"
              className="cue"
              aria-current={index === current ? 'true' : undefined}
              onClick={() => onChoose(index)}
            >
              <span className="cue-time">
                {formatTime(cue.start)}–{formatTime(cue.end)}
              </span>
              <span className="cue-speaker">{cue.speaker}</span>
              <span className="cue-text">{cue.text}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
