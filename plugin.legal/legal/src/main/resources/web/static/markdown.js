/* A small Markdown reader for the library's documents: headings, paragraphs, lists, bold and italics.
   Every piece of text is escaped before any markup is added, so a document cannot inject HTML. */
(function () {
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function inline(s) {
    return esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
  }
  window.renderMarkdown = function (text) {
    var out = [], para = [], list = null;
    function flush() {
      if (para.length) { out.push('<p>' + inline(para.join(' ')) + '</p>'); para = []; }
      if (list) { out.push('</' + list + '>'); list = null; }
    }
    (text || '').split(/\r?\n/).forEach(function (line) {
      var t = line.trim(), m;
      if (!t) { flush(); return; }
      if ((m = /^(#{1,4})\s+(.*)$/.exec(t))) { flush(); var n = Math.min(m[1].length + 1, 5); out.push('<h' + n + '>' + inline(m[2]) + '</h' + n + '>'); return; }
      if ((m = /^[-*]\s+(.*)$/.exec(t)) || (m = /^\d+\.\s+(.*)$/.exec(t))) {
        var kind = /^\d/.test(t) ? 'ol' : 'ul';
        if (para.length) { out.push('<p>' + inline(para.join(' ')) + '</p>'); para = []; }
        if (list !== kind) { if (list) out.push('</' + list + '>'); out.push('<' + kind + '>'); list = kind; }
        out.push('<li>' + inline(m[1]) + '</li>'); return;
      }
      if (list) { out.push('</' + list + '>'); list = null; }
      para.push(t);
    });
    flush();
    return out.join('\n');
  };
})();
