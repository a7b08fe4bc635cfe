#!/usr/bin/env bash
# logab2.sh ROUNDS: fresh Tombo with connection_messages true (default) and false, alternating; C1 generator
for r in $(seq $1); do
  echo "log:   $(GENOPTS=-XX:TieredStopAtLevel=1 BURSTS=5 /tmp/exp/bareab.sh 1 tombo)"
  echo "nolog: $(GENOPTS=-XX:TieredStopAtLevel=1 EXTRA_CONF='connection_messages false\n' BURSTS=5 /tmp/exp/bareab.sh 1 tombo)"
done
