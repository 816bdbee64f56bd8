package dev.latchkey.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LinkPreviewsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Mobile/15E148 [FBAN/FBIOS;FBAV/470.0]",
            "Java-http-client/17.0.12",
            "curl/8.5.0"})
    void aPersonsBrowserIsNoPreview(String userAgent) {
        assertThat(LinkPreviews.isPreview(userAgent, null, null, null, null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Slack-ImgProxy (+https://api.slack.com/robots)",
            "Twitterbot/1.0",
            "facebookexternalhit/1.1;line-poker/1.0",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "WhatsApp/2.23.20.0 A",
            "TelegramBot (like TwitterBot)",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
            "Mozilla/5.0 (compatible; MicrosoftPreview/2.0; +https://aka.ms/MicrosoftPreview)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Applebot/0.1)"})
    void unfurlersAndCrawlersArePreviews(String userAgent) {
        assertThat(LinkPreviews.isPreview(userAgent, null, null, null, null)).isTrue();
    }

    @Test
    void speculativeLoadsArePreviewsWhateverTheBrowser() {
        String chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
        assertThat(LinkPreviews.isPreview(chrome, "prefetch", null, null, null)).isTrue();
        assertThat(LinkPreviews.isPreview(chrome, "prefetch;prerender", null, null, null)).isTrue();
        assertThat(LinkPreviews.isPreview(chrome, null, "prefetch", null, null)).isTrue();
        assertThat(LinkPreviews.isPreview(chrome, null, null, "preview", null)).isTrue();
        assertThat(LinkPreviews.isPreview(chrome, null, null, null, "prefetch")).isTrue();
        assertThat(LinkPreviews.isPreview(null, null, null, null, null)).isFalse();
    }
}
