package org.flowstream.resource.scaleout;

import java.util.List;
import java.util.Optional;

/**
 * Where the platform keeps its scaling groups ({@link GroupState}), one per allocation that has one. Behind an
 * interface so that replicated controllers can keep it with the rest of their state (ZooKeeper, Raft) later; today
 * {@link FileGroupStore}.
 */
public interface GroupStore {

    Optional<GroupState> get(int allocId);

    /** Records the group (replacing the allocation's previous one), durable when this returns. */
    void put(GroupState group);

    void remove(int allocId);

    List<GroupState> all();
}
