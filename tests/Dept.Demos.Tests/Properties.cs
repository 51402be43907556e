// DmaBuf.dll is rewritten, so every DmaBuf call of any test reaches whichever engine is installed: a contract test
// running beside a scenario test would pollute that scenario's graph. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
