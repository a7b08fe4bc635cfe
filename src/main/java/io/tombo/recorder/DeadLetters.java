package io.tombo.recorder;

import java.io.IOException;
import java.util.List;

/** Where unreadable messages are kept (the embedded store's dead-letter table). Called from the recorder thread. */
public interface DeadLetters {
    /** Keeps {@code letters} durably, or throws without having kept any. */
    void keep(List<DeadLetter> letters) throws IOException;
}
