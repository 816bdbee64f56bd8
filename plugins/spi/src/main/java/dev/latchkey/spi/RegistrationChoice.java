package dev.latchkey.spi;

/**
 * How the engine obtains a client at an authorization server, as chosen by
 * {@link ProviderPlugin#chooseRegistration}. The specification's order of preference is
 * pre-registered credentials, then a Client ID Metadata Document, then dynamic registration;
 * the engine proposes the first that applies and a plugin may pick another.
 */
public sealed interface RegistrationChoice
        permits PreRegisteredClient, ClientIdMetadataDocument, DynamicRegistration {
}
