package io.tombo.security;

/** What an ACL rule grants: reading (a message delivered to the client) or writing (a PUBLISH or will from it). */
public enum Access {
    READ, WRITE
}
