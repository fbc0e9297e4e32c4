// Browser collections run one after another: on a 2-core machine two consoles and two browsers side by side make the
// timing of live pages (and of each other's probes) lie.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
