// HTML for the mock's own pages (the index, the customer's pages of both APIs): the one
// escaping every interpolated value goes through.

/** Text safe inside an element or a quoted attribute. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
