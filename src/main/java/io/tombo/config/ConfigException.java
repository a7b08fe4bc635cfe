package io.tombo.config;

/** A configuration error; the message starts with FILE:LINE when a line is at fault. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
