package com.carerelay.messaging.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Renders {@code {{variable}}} text with Mustache (jmustache) into PLAIN TEXT: values go in as they
 * are ("O'Brien" stays "O'Brien"); each output escapes for its own context (the web page when it
 * renders, JSON and MIME carry the real text). A variable without a value is an error (never a
 * half-rendered message).
 */
@Component
public class TemplateRenderer {

    /** The template text is not valid Mustache. */
    public static final class SyntaxException extends RuntimeException {
        public SyntaxException(String message) {
            super(message);
        }
    }

    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).strictSections(true);

    /** The variable names a text uses. */
    public Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null || !text.contains("{{")) {
            return names;
        }
        compile(text).visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
                names.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                names.add(name);
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                names.add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                names.add(name);
                return true;
            }
        });
        return names;
    }

    /** Renders a text whose variables all have values (check with {@link #variables} first). */
    public String render(String text, Map<String, String> values) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        return compile(text).execute(values);
    }

    private Template compile(String text) {
        try {
            return compiler.compile(text);
        } catch (MustacheException e) {
            throw new SyntaxException(e.getMessage());
        }
    }
}
