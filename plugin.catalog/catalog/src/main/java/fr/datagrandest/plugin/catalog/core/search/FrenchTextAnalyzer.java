package fr.datagrandest.plugin.catalog.core.search;

import java.io.IOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * French full text: elisions removed (l', d', qu'...), lower case, accents folded ("forêt" = "foret"), stop words,
 * light stemming (plurals and common endings), and one derivation: the "-estier" family ("forestier",
 * "forestiers") meets the word it comes from ("forêt"), whose circumflex stands for that lost s.
 */
public final class FrenchTextAnalyzer extends Analyzer {

    private static final CharArraySet STOP_WORDS = folded(FrenchAnalyzer.getDefaultStopSet());

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream s = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        s = new LowerCaseFilter(s);
        s = new ASCIIFoldingFilter(s);
        s = new StopFilter(s, STOP_WORDS);
        s = new FrenchLightStemFilter(s);
        s = new DerivationFilter(s);
        return new TokenStreamComponents(source, s);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    private static CharArraySet folded(CharArraySet words) {
        CharArraySet out = new CharArraySet(words.size(), true);
        for (Object w : words) {
            char[] chars = (char[]) w;
            char[] folded = new char[chars.length * 4];
            int n = ASCIIFoldingFilter.foldToASCII(chars, 0, folded, 0, chars.length);
            out.add(new String(folded, 0, n));
        }
        return out;
    }

    static final class DerivationFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        DerivationFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            String t = term.toString();
            if (t.length() > 6 && t.endsWith("estier")) {
                term.setEmpty().append(t, 0, t.length() - 6).append("et");
            } else if (t.length() > 5 && t.endsWith("esti")) {
                term.setEmpty().append(t, 0, t.length() - 4).append("et");
            }
            return true;
        }
    }
}
