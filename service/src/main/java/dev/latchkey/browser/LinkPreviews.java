package dev.latchkey.browser;

import java.util.List;
import java.util.Locale;

/**
 * Recognises requests that are not a person opening a link: chat and social link unfurlers,
 * search crawlers, and browser prefetch or prerender. Such a request must not bind a flow to
 * itself — the person who opens the link next would be refused as "another browser" — nor see
 * who is connecting what (a preview is shown to everyone in the chat).
 */
public final class LinkPreviews {

    /**
     * Lower-case fragments of the user agents of link unfurlers and crawlers ("preview" covers
     * SkypeUriPreview, MicrosoftPreview, BingPreview, …). Not the in-app browsers of chat apps: a
     * person opens the link in those.
     */
    private static final List<String> AGENTS = List.of("slackbot", "slack-imgproxy", "twitterbot",
            "facebookexternalhit", "facebot", "discordbot", "whatsapp", "telegrambot", "linkedinbot", "googlebot",
            "google-inspectiontool", "bingbot", "applebot", "redditbot", "pinterestbot", "embedly", "iframely",
            "yandexbot", "duckduckbot", "bitlybot", "line-poker", "kakaotalk-scrap", "vkshare", "yahoo! slurp",
            "preview", "crawler", "spider");

    private LinkPreviews() {
    }

    /**
     * True for an unfurler or crawler (by its user agent) or a speculative load (the Fetch
     * {@code Sec-Purpose}, or the older {@code Purpose}, {@code X-Purpose} and {@code X-Moz} headers).
     */
    public static boolean isPreview(String userAgent, String secPurpose, String purpose, String xPurpose,
                                    String xMoz) {
        return speculative(secPurpose) || speculative(purpose) || speculative(xPurpose) || speculative(xMoz)
                || unfurler(userAgent);
    }

    private static boolean speculative(String header) {
        if (header == null) {
            return false;
        }
        String value = header.toLowerCase(Locale.ROOT);
        return value.contains("prefetch") || value.contains("prerender") || value.contains("preview");
    }

    private static boolean unfurler(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        // Crawlers name their documentation in their user agent: "(compatible; Xbot/2.1; +http://…)".
        return agent.contains("+http") || AGENTS.stream().anyMatch(agent::contains);
    }
}
