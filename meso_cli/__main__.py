from meso_cli.entry import main

main()
