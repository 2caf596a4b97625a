package fr.datagrandest.platform.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void textAndAttributesAreEscaped() {
        String html = new Html().open("a", "href", "/x?a=1&b=\"2\"", "title", "<it's>")
                .text("<script>alert('x')</script> & co").close("a").toString();
        assertThat(html).isEqualTo("<a href=\"/x?a=1&amp;b=&quot;2&quot;\" title=\"&lt;it&#39;s&gt;\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</a>");
    }

    @Test
    void aNullAttributeIsLeftOut() {
        assertThat(new Html().element("li", "x", "aria-current", null, "class", "a").toString())
                .isEqualTo("<li class=\"a\">x</li>");
    }

    @Test
    void plainTextIsKeptAsItIs() {
        String text = "Saint-Dié-des-Vosges · 67";
        assertThat(Html.escape(text)).isSameAs(text);
        assertThat(Html.escape(null)).isEmpty();
    }
}
