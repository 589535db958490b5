import { useFileUrl, useImageUrl } from '../../lib/use-file-url';

/** An image stored by the API (fetched with the session's token). */
export function FileImage({ fileId, alt, className }: { fileId: string | undefined; alt: string; className?: string }) {
  const { url, failed } = useFileUrl(fileId);
  return <ImageView shown={Boolean(fileId) && !failed} url={url} alt={alt} className={className} />;
}

/** An image an API path answers, e.g. a check's diff image (built on its first open). */
export function PathImage({ path, alt, className }: { path: string | undefined; alt: string; className?: string }) {
  const { url, failed } = useImageUrl(path);
  return <ImageView shown={Boolean(path) && !failed} url={url} alt={alt} className={className} />;
}

function ImageView({ shown, url, alt, className }: { shown: boolean; url: string | undefined; alt: string; className?: string }) {
  if (!shown) return <div className={`img-placeholder ${className ?? ''}`}>{alt}</div>;
  if (!url) return <div className={`img-placeholder loading-shimmer ${className ?? ''}`} aria-busy="true" />;
  return <img src={url} alt={alt} className={className} />;
}
