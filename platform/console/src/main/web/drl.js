// Syntax highlighting for Drools rule files (DRL), as a CodeMirror stream language.
import { StreamLanguage } from '@codemirror/language';

const keywords = new Set(('package import global rule query declare function when then end salience no-loop '
  + 'lock-on-active agenda-group activation-group ruleflow-group date-effective date-expires enabled dialect '
  + 'duration timer calendars auto-focus attributes extends not exists forall from collect accumulate eval '
  + 'and or in matches memberOf contains soundslike over entry-point init action reverse result insert '
  + 'insertLogical update modify retract delete true false null new return if else this').split(' '));

export const drl = StreamLanguage.define({
  name: 'drl',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo('*/')) {
        stream.next(); stream.next();
        state.inComment = false;
      } else {
        stream.skipToEnd();
      }
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('/*')) {
      state.inComment = true;
      return 'comment';
    }
    if (stream.match('//') || stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^\$[\w]+/)) return 'variableName.special';
    if (stream.match(/^-?\d+(\.\d+)?[BbLlDdFf]?/)) return 'number';
    if (stream.match(/^@\w+/)) return 'meta';
    const word = stream.match(/^[A-Za-z_][\w-]*/);
    if (word) {
      const w = word[0];
      if (keywords.has(w)) return 'keyword';
      if (/^[A-Z]/.test(w)) return 'typeName';
      return 'variableName';
    }
    stream.next();
    return 'operator';
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } }
});
