import { useFileUrl } from '../../lib/use-file-url';

/** An image stored by the API (fetched with the session's token). */
export function FileImage({ fileId, alt, className }: { fileId: string | undefined; alt: string; className?: string }) {
  const { url, failed } = useFileUrl(fileId);
  if (!fileId || failed) return <div className={`img-placeholder ${className ?? ''}`}>{alt}</div>;
  if (!url) return <div className={`img-placeholder loading-shimmer ${className ?? ''}`} aria-busy="true" />;
  return <img src={url} alt={alt} className={className} />;
}
