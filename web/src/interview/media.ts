// Camera, microphone and recording for the candidate's interview page (browser APIs only).

// Preferred recording formats, best first: WebM where the browser records it (Chromium, Firefox),
// else MP4 (Safari). VP8 before VP9: cheaper to encode on phones.
const kRecordingTypes = [
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm',
  'video/mp4;codecs=avc1.42E01E,mp4a.40.2',
  'video/mp4',
]

export function canRecord(): boolean {
  return typeof window.MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia
}

// The first supported type, or '' to let the browser choose.
export function pickRecordingType(): string {
  if (typeof window.MediaRecorder === 'undefined') return ''
  return kRecordingTypes.find((t) => MediaRecorder.isTypeSupported(t)) ?? ''
}

export type MediaProblem = 'denied' | 'no_device' | 'in_use' | 'insecure' | 'unsupported' | 'other'

// Why the camera or microphone could not be opened, in words the page can translate.
export function mediaProblem(e: unknown): MediaProblem {
  if (!window.isSecureContext) return 'insecure'
  const name = e instanceof DOMException ? e.name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_device'
  if (name === 'NotReadableError' || name === 'AbortError') return 'in_use'
  if (name === 'TypeError' || !canRecord()) return 'unsupported'
  return 'other'
}

// Front camera at a modest resolution (uploads stay small on mobile networks) and the microphone.
export async function openCamera(): Promise<MediaStream> {
  if (!canRecord()) throw new DOMException('MediaRecorder or getUserMedia is missing', 'TypeError')
  return navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
    audio: { echoCancellation: true, noiseSuppression: true },
  })
}

export function closeStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop())
}

// Calls onLevel (0..1, the loudness of the last ~20 ms) on every animation frame until the
// returned function is called.
export function watchMicLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Ctx || stream.getAudioTracks().length === 0) return () => {}
  const ctx = new Ctx()
  const source = ctx.createMediaStreamSource(stream)
  const analyser = ctx.createAnalyser()
  analyser.fftSize = 1024
  source.connect(analyser)
  const samples = new Float32Array(analyser.fftSize)
  let frame = 0
  const tick = () => {
    analyser.getFloatTimeDomainData(samples)
    let sum = 0
    for (const s of samples) sum += s * s
    const rms = Math.sqrt(sum / samples.length)
    // Speech sits around 0.02-0.2 RMS; a square root spreads that over the meter.
    onLevel(Math.min(1, Math.sqrt(rms * 4)))
    frame = requestAnimationFrame(tick)
  }
  void ctx.resume().catch(() => {})
  tick()
  return () => {
    cancelAnimationFrame(frame)
    source.disconnect()
    void ctx.close().catch(() => {})
  }
}

// One recording of the stream. stop() resolves with the whole file.
export class Recording {
  private readonly recorder: MediaRecorder
  private readonly parts: Blob[] = []
  private readonly stopped: Promise<Blob>

  constructor(stream: MediaStream, type = pickRecordingType()) {
    this.recorder = new MediaRecorder(stream, {
      ...(type ? { mimeType: type } : {}),
      videoBitsPerSecond: 800_000,
      audioBitsPerSecond: 64_000,
    })
    this.recorder.ondataavailable = (ev) => {
      if (ev.data.size > 0) this.parts.push(ev.data)
    }
    this.stopped = new Promise((resolve, reject) => {
      this.recorder.onstop = () => resolve(new Blob(this.parts, { type: this.contentType }))
      this.recorder.onerror = (ev) => reject((ev as unknown as { error?: Error }).error ?? new Error('recording failed'))
    })
    this.recorder.start(1000) // a part every second: little is lost if the tab dies
  }

  // The type the browser actually records (with codecs), e.g. "video/webm;codecs=vp8,opus".
  get contentType(): string {
    return this.recorder.mimeType || 'video/webm'
  }

  stop(): Promise<Blob> {
    if (this.recorder.state !== 'inactive') this.recorder.stop()
    return this.stopped
  }
}
