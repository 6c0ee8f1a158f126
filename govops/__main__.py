from govops.cli import main

main()
