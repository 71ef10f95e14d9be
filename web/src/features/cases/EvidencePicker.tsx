import { CameraOutlined, CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fmt, useI18n } from '../../i18n/index.tsx';

/** What the attachments API stores (app/cases/attachments.ts checks every type against the file's bytes). */
const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,audio/mpeg,audio/amr,video/mp4,text/plain,.docx,.xlsx';
const MAX_BYTES = 10 * 1024 * 1024;

export interface Evidence {
  key: string;
  file: File;
}

let seq = 0;
/** A pasted screenshot arrives as "image.png": give it a name that says when it was pasted. */
function named(f: File): File {
  if (f.name && f.name !== 'image.png') return f;
  const ext = f.type.split('/')[1] ?? 'png';
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return new File([f], `paste-${stamp}-${++seq}.${ext}`, { type: f.type });
}

/**
 * Evidence at registration (photos, letters, invoices): dropped on the zone, pasted anywhere on the page (a clipboard
 * screenshot), chosen, or taken with the phone's camera. Kept here until the case is saved, then uploaded to it.
 */
export function EvidencePicker({ files, onChange }: { files: Evidence[]; onChange: (f: Evidence[]) => void }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [dragging, setDragging] = useState(false);
  const chooser = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const latest = useRef(files);
  latest.current = files;

  const add = (list: Iterable<File>) => {
    const ok: Evidence[] = [];
    for (const f of list) {
      if (f.size > MAX_BYTES) void message.warning(fmt(m.register.fileTooLarge, { name: f.name }));
      else ok.push({ key: `${Date.now()}-${++seq}`, file: named(f) });
    }
    if (ok.length) onChange([...latest.current, ...ok]);
  };
  const addRef = useRef(add);
  addRef.current = add;

  // A screenshot pasted anywhere on the page (the text fields included) is added; pasted text stays text.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const pasted = Array.from(e.clipboardData?.files ?? []);
      if (pasted.length === 0) return;
      if (!e.clipboardData?.types.includes('text/plain')) e.preventDefault();
      addRef.current(pasted);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const previews = useMemo(() => new Map(files.filter((f) => f.file.type.startsWith('image/')).map((f) => [f.key, URL.createObjectURL(f.file)])), [files]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const picked = (input: HTMLInputElement) => {
    add(Array.from(input.files ?? []));
    input.value = '';
  };
  return (
    <div>
      <div
        className={`evidence-drop${dragging ? ' dragging' : ''}`}
        data-testid="evidence-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          add(Array.from(e.dataTransfer.files));
        }}
      >
        <Typography.Paragraph style={{ marginBottom: 8 }}>{m.register.dropHint}</Typography.Paragraph>
        <Space wrap>
          <Button icon={<PaperClipOutlined />} onClick={() => chooser.current?.click()}>{m.register.chooseFiles}</Button>
          <Button icon={<CameraOutlined />} onClick={() => camera.current?.click()}>{m.register.takePhoto}</Button>
        </Space>
        <input ref={chooser} className="visually-hidden" tabIndex={-1} aria-hidden type="file" multiple accept={ACCEPT} onChange={(e) => picked(e.currentTarget)} data-testid="evidence-input" />
        <input ref={camera} className="visually-hidden" tabIndex={-1} aria-hidden type="file" accept="image/*" capture="environment" onChange={(e) => picked(e.currentTarget)} data-testid="evidence-camera" />
      </div>
      {files.length > 0 && (
        <>
          <Typography.Text type="secondary" aria-live="polite" data-testid="evidence-count">{fmt(m.register.filesChosen, { n: files.length })}</Typography.Text>
          <ul className="evidence-list">
            {files.map((f) => (
              <li key={f.key} className="evidence-item" data-testid="evidence-item">
                {previews.get(f.key) ? <img src={previews.get(f.key)} alt="" /> : <PaperClipOutlined />}
                <span className="evidence-name" title={f.file.name}>{f.file.name}</span>
                <Button
                  type="text"
                  size="small"
                  icon={<CloseOutlined />}
                  aria-label={fmt(m.register.removeFile, { name: f.file.name })}
                  onClick={() => onChange(files.filter((x) => x.key !== f.key))}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
