package dev.latchkey.protocol;

import dev.latchkey.spi.RelaxationKind;
import java.util.Objects;

/**
 * A leniency applied to an authorization server's metadata: declared by a provider plugin, or taken
 * by legacy (2025-03-26) discovery. Typed so checks ask {@link AuthorizationServerMetadata#declares}
 * instead of reading text back; {@link #text()} is the wording timelines and audit entries show.
 */
public sealed interface MetadataRelaxation {

    /** The line shown on the timeline and in the audit log. */
    String text();

    /** A relaxation provider plugins declared on the document, e.g. {@code ASSUME_PKCE_S256 by github: …}. */
    record Declared(RelaxationKind kind, String declaredBy, String reason) implements MetadataRelaxation {
        public Declared {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(declaredBy, "declaredBy");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String text() {
            return kind.name() + " by " + declaredBy + ": " + reason;
        }
    }

    /** A leniency of legacy discovery, where the MCP origin acts as the authorization server. */
    record Legacy(LegacyKind kind, String origin, String claimedIssuer) implements MetadataRelaxation {

        /** Which legacy leniency. */
        public enum LegacyKind { NO_RESOURCE_METADATA, ISSUER_REPLACED_BY_ORIGIN, DEFAULT_ENDPOINTS }

        public Legacy {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(claimedIssuer, "claimedIssuer");
        }

        /** No protected-resource metadata: the MCP origin is the authorization server. */
        public static Legacy noResourceMetadata(String origin) {
            return new Legacy(LegacyKind.NO_RESOURCE_METADATA, origin, origin);
        }

        /** The origin's document claims another issuer; it is known by the origin. */
        public static Legacy issuerReplacedByOrigin(String origin, String claimedIssuer) {
            return new Legacy(LegacyKind.ISSUER_REPLACED_BY_ORIGIN, origin, claimedIssuer);
        }

        /** No document at all: default endpoints and S256 assumed. */
        public static Legacy defaultEndpoints(String origin) {
            return new Legacy(LegacyKind.DEFAULT_ENDPOINTS, origin, origin);
        }

        @Override
        public String text() {
            return "legacy 2025-03-26: " + switch (kind) {
                case NO_RESOURCE_METADATA -> "no protected-resource metadata, the MCP origin is the authorization server";
                case ISSUER_REPLACED_BY_ORIGIN -> "the metadata at " + origin + " claims the issuer " + claimedIssuer
                        + "; it is known as " + origin + ", the origin it was fetched from";
                case DEFAULT_ENDPOINTS -> "no metadata, default endpoints /authorize, /token, /register and S256 assumed";
            };
        }
    }
}
