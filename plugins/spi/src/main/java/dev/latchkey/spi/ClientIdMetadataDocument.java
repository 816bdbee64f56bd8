package dev.latchkey.spi;

/**
 * Use the engine's own Client ID Metadata Document: the {@code client_id} is the https URL at
 * which the engine publishes it (engine configuration, not a plugin concern), and no
 * registration request is made. Only sensible when the authorization server metadata says
 * {@code client_id_metadata_document_supported}.
 */
public record ClientIdMetadataDocument() implements RegistrationChoice {
}
