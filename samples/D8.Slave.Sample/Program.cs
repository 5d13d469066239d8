Console.Error.WriteLine("d8-slave: the slave host is being built (issue 2)."); return 2;
